// Pipeline envelope and messaging topology
export * from './lib/envelope';
export * from './lib/envelope.util';
export * from './lib/messaging.constants';
export * from './lib/traceparent.util';

// Validation results and their formatting
export * from './lib/validation/validation.util';
export { UNRECOGNIZED_VARIANT, type UnrecognizedVariant } from './lib/validation/unrecognized-variant.util';

// WhatsApp Cloud API
export * from './lib/whatsapp/whatsapp.constants';
export * from './lib/whatsapp/whatsapp-common.schema';
export * from './lib/whatsapp/whatsapp-inbound-message.schema';
export * from './lib/whatsapp/whatsapp-status.schema';
export * from './lib/whatsapp/whatsapp-webhook.schema';
export * from './lib/whatsapp/whatsapp-interactive.schema';
export * from './lib/whatsapp/whatsapp-send-message.schema';
export * from './lib/whatsapp/whatsapp-graph-response.schema';
export * from './lib/whatsapp/whatsapp-error-codes.constants';
export * from './lib/whatsapp/whatsapp-error-codes.util';
export * from './lib/whatsapp/whatsapp-validators.util';

// Genesys Cloud Open Messaging
export * from './lib/genesys/genesys.constants';
export * from './lib/genesys/genesys-common.schema';
export * from './lib/genesys/genesys-token.schema';
export * from './lib/genesys/genesys-inbound.schema';
export * from './lib/genesys/genesys-receipt.schema';
export * from './lib/genesys/genesys-outbound-webhook.schema';
export * from './lib/genesys/genesys-integration.schema';
export * from './lib/genesys/genesys-error.schema';
export * from './lib/genesys/genesys-validators.util';

// Between the two clouds
export * from './lib/whatsapp-genesys-reason.util';
export * from './lib/genesys/genesys-regions.constants';
export * from './lib/services.constants';

// Between our services
export * from './lib/pipeline/pipeline-message-types.constants';
export * from './lib/pipeline/whatsapp-inbound-event.schema';
export * from './lib/pipeline/genesys-delivery.schema';
export * from './lib/pipeline/genesys-correlation.schema';
export * from './lib/pipeline/portal-notice.schema';
export * from './lib/pipeline/ordering-key.util';
export * from './lib/pipeline/state-manager-api.schema';
export * from './lib/pipeline/platform-lookups.schema';
export * from './lib/pipeline/genesys-outbound-event.schema';
export * from './lib/pipeline/whatsapp-delivery.schema';
export * from './lib/pipeline/whatsapp-delivery-outcome.schema';
