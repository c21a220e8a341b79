import { PermanentError } from '@switchboard/backend-util-messaging';

/**
 * The request contradicts what is stored (an id already bound to something else): retrying the
 * same request cannot help. HTTP 409; a queue message carrying it is dead-lettered.
 */
export class StateConflictError extends PermanentError {
  constructor(message: string) {
    super(message);
    this.name = 'StateConflictError';
  }
}
