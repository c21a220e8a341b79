/** `/webhooks/genesys/:integrationId`: the URL tenant-service registers with Genesys for each integration. */
export const GENESYS_WEBHOOK_PATH = 'webhooks/genesys';

/** `Retry-After` of a 503. Genesys retries 5 s apart whatever it says (spec B3); this only hints at it. */
export const RETRY_AFTER_SECONDS = 5;

/**
 * Genesys integration ids as tenant-service accepts them (letters, digits and `-`, at most 64):
 * anything else cannot be an integration and is refused without asking tenant-service.
 */
export const INTEGRATION_ID_PATTERN = /^[A-Za-z0-9-]{1,64}$/;
