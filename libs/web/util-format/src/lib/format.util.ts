/** A WhatsApp id (digits, no "+") shown as an international number: `15551234567` → `+15551234567`. */
export function displayWhatsAppNumber(waId: string): string {
  const digits = waId.replace(/\D/g, '');
  return digits.length > 0 ? `+${digits}` : waId;
}

const SIZE_UNITS = ['B', 'KB', 'MB', 'GB'] as const;

/** A byte count for people: `20480` → `20 KB`, `5242880` → `5 MB`. */
export function formatFileSize(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '–';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < SIZE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const rounded = value >= 10 || unit === 0 ? Math.round(value) : Math.round(value * 10) / 10;
  return `${rounded} ${SIZE_UNITS[unit]}`;
}
