export { ByteBudget } from './lib/body/byte-budget.util';
export { classifyAddress, isLoopbackAddress, type AddressVerdict } from './lib/address/address-policy.util';
export {
  ANIMATED_STICKER_MAX_BYTES,
  GENESYS_ATTACHMENT_MAX_BYTES,
  STATIC_STICKER_MAX_BYTES,
  WHATSAPP_MEDIA_KINDS,
  WHATSAPP_MEDIA_LIMITS,
  formatByteSize,
  genesysAttachmentLimits,
  type MediaKindLimits,
  type WhatsAppMediaKind,
} from './lib/media/media-limits.constants';
export { normaliseMimeType } from './lib/media/media-type-check.util';
export { SNIFF_WINDOW_BYTES, sniffMimeType, type SniffedType } from './lib/media/mime-sniffer.util';
export { checkStickerSize, isAnimatedWebp } from './lib/media/sticker-size.util';
export {
  createDirectConnector,
  systemResolver,
  type ConnectTarget,
  type DirectConnectorOptions,
  type HostResolver,
  type ResolvedAddress,
  type SafeConnector,
} from './lib/network/connector';
export { parseStaticHosts, staticHostsResolver } from './lib/network/static-hosts-resolver';
export {
  SAFE_FETCH_REFUSAL_REASONS,
  SafeFetchRefusedError,
  genesysReasonForSafeFetchRefusal,
  type SafeFetchRefusalDetails,
  type SafeFetchRefusalReason,
} from './lib/safe-fetch.errors';
export {
  SafeFetcher,
  safeFetch,
  type SafeDownload,
  type SafeDownloadRequest,
  type SafeFetcherOptions,
} from './lib/safe-fetcher';
