/** Bull queue of the idle-conversation expiry (keys under `<REDIS_KEY_PREFIX>bull`). */
export const CONVERSATION_EXPIRY_QUEUE = 'conversation-expiry';

/** The repeatable job that expires idle conversations. */
export const EXPIRE_IDLE_CONVERSATIONS_JOB = 'expire-idle-conversations';

/** Bull's key prefix for a service's Redis key prefix (`sb:state-manager:` → `sb:state-manager:bull`). */
export function bullPrefix(redisKeyPrefix: string): string {
  return `${redisKeyPrefix}bull`;
}
