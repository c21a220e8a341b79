import {
  ConflictException,
  Inject,
  Injectable,
  Logger,
  NotFoundException,
  OnModuleDestroy,
} from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { STATUS_CODES } from 'node:http';
import { newLocalId } from '../common/ids.util';
import { SimulatorClock } from '../common/simulator-clock.service';
import { WHATSAPP_SIMULATOR_CONFIG, type WhatsAppSimulatorConfig } from '../config/whatsapp-simulator.config';
import {
  DropConnectionException,
  GraphApiException,
  PlainHttpFaultException,
} from '../graph-errors/graph-api.exception';
import { type CreateFaultDto, FaultEndpoint } from './fault.dto';

export interface FaultRule extends Omit<CreateFaultDto, 'count' | 'durationMs'> {
  readonly id: string;
  readonly createdAt: string;
  /** Matching requests still to hit, when limited by count. */
  remaining?: number;
  readonly expiresAt?: string;
  hits: number;
}

interface StoredFault {
  readonly rule: FaultRule;
  readonly expiresAtMs?: number;
}

/** Faults injected into Graph routes: error codes, plain HTTP failures, slow answers, dropped connections. */
@Injectable()
export class FaultsService implements OnModuleDestroy {
  private readonly logger = new Logger(FaultsService.name);
  private faults: StoredFault[] = [];
  /** Aborted on shutdown, so that requests held by a delay fault do not keep the app from closing. */
  private readonly shuttingDown = new AbortController();

  constructor(
    @Inject(WHATSAPP_SIMULATOR_CONFIG) private readonly config: WhatsAppSimulatorConfig,
    private readonly clock: SimulatorClock,
  ) {}

  add(input: CreateFaultDto): FaultRule {
    this.prune();
    if (this.faults.length >= this.config.MAX_FAULTS) {
      throw new ConflictException(`at most ${this.config.MAX_FAULTS} active faults (MAX_FAULTS)`);
    }
    const { count, durationMs, ...fault } = input;
    const expiresAtMs = durationMs === undefined ? undefined : this.clock.now() + durationMs;
    const rule: FaultRule = {
      ...fault,
      id: newLocalId('fault'),
      createdAt: this.clock.isoNow(),
      ...(count === undefined ? {} : { remaining: count }),
      ...(expiresAtMs === undefined ? {} : { expiresAt: new Date(expiresAtMs).toISOString() }),
      hits: 0,
    };
    this.faults.push({ rule, expiresAtMs });
    return rule;
  }

  list(): FaultRule[] {
    this.prune();
    return this.faults.map(({ rule }) => rule);
  }

  remove(id: string): void {
    const before = this.faults.length;
    this.faults = this.faults.filter(({ rule }) => rule.id !== id);
    if (this.faults.length === before) throw new NotFoundException(`no fault ${id}`);
  }

  reset(): void {
    this.faults = [];
  }

  onModuleDestroy(): void {
    this.shuttingDown.abort();
  }

  /**
   * Applies the first active fault matching the route and phone number (a number's own faults
   * before global ones): waits, then throws the failure it describes, or returns to let the
   * request proceed (a slow answer).
   */
  async inject(endpoint: Exclude<FaultEndpoint, 'all'>, phoneNumberId: string | undefined): Promise<void> {
    const fault = this.take(endpoint, phoneNumberId);
    if (!fault) return;
    this.logger.log(`fault ${fault.id} hits ${endpoint} of ${phoneNumberId ?? 'an unowned object'}`);
    if (fault.delayMs) {
      await sleep(fault.delayMs, undefined, { signal: this.shuttingDown.signal }).catch(() => undefined);
    }
    if (fault.drop) throw new DropConnectionException();
    if (fault.errorCode !== undefined) {
      throw GraphApiException.of(fault.errorCode, {
        httpStatus: fault.httpStatus,
        message: fault.message,
        details: fault.details,
        headers:
          fault.retryAfterSeconds === undefined ? {} : { 'Retry-After': String(fault.retryAfterSeconds) },
      });
    }
    if (fault.httpStatus !== undefined) {
      throw new PlainHttpFaultException(
        fault.httpStatus,
        fault.body ?? STATUS_CODES[fault.httpStatus] ?? 'Error',
      );
    }
  }

  private take(
    endpoint: Exclude<FaultEndpoint, 'all'>,
    phoneNumberId: string | undefined,
  ): FaultRule | undefined {
    this.prune();
    const matches = ({ rule }: StoredFault) =>
      (rule.endpoint === 'all' || rule.endpoint === endpoint) &&
      (rule.phoneNumberId === undefined || rule.phoneNumberId === phoneNumberId);
    const candidates = this.faults.filter(matches);
    const fault = candidates.find(({ rule }) => rule.phoneNumberId !== undefined) ?? candidates[0];
    if (!fault) return undefined;
    fault.rule.hits += 1;
    if (fault.rule.remaining !== undefined) fault.rule.remaining -= 1;
    return fault.rule;
  }

  private prune(): void {
    const now = this.clock.now();
    this.faults = this.faults.filter(
      ({ rule, expiresAtMs }) =>
        (rule.remaining === undefined || rule.remaining > 0) &&
        (expiresAtMs === undefined || expiresAtMs > now),
    );
  }
}
