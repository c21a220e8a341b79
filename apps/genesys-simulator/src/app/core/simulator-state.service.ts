import { Injectable } from '@nestjs/common';

/** A holder of simulator state that `POST /control/reset` puts back to its initial contents. */
export interface Resettable {
  reset(): void;
}

@Injectable()
export class SimulatorStateService {
  private readonly members: Resettable[] = [];

  register(member: Resettable): void {
    this.members.push(member);
  }

  resetAll(): void {
    for (const member of this.members) member.reset();
  }
}
