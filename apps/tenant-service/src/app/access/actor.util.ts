import type { Principal } from '@switchboard/backend-util-auth';

/** Who made a change, as the audit log records it. */
export interface Actor {
  readonly kind: 'user' | 'api-key' | 'service' | 'system';
  readonly id: string;
  readonly role: string | null;
}

export function actorOf(principal: Principal): Actor {
  switch (principal.kind) {
    case 'user':
      return { kind: 'user', id: principal.userId, role: principal.role };
    case 'api-key':
      return { kind: 'api-key', id: principal.keyId, role: principal.role };
    case 'service':
      return { kind: 'service', id: principal.service, role: null };
  }
}
