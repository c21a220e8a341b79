/** The little logging the messaging core needs; Nest's `Logger` satisfies it. */
export interface MessagingLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const CONSOLE_MESSAGING_LOGGER: MessagingLogger = {
  log: (message) => console.log(`[messaging] ${message}`),
  warn: (message) => console.warn(`[messaging] ${message}`),
  error: (message) => console.error(`[messaging] ${message}`),
};
