import { SimulatorClock } from '../common/simulator-clock.service';
import { loadWhatsAppSimulatorConfig } from '../config/whatsapp-simulator.config';
import { MediaStoreService } from './media-store.service';

describe(MediaStoreService.name, () => {
  let clock: SimulatorClock;
  let sut: MediaStoreService;

  beforeEach(() => {
    clock = new SimulatorClock();
    sut = new MediaStoreService(
      loadWhatsAppSimulatorConfig({ MAX_MEDIA_ITEMS: '10', MAX_MEDIA_TOTAL_BYTES: '100' }),
      clock,
    );
  });

  const add = (size: number, origin: 'upload' | 'inbound' = 'upload') =>
    sut.add({ bytes: Buffer.alloc(size, 1), mimeType: 'text/plain', origin });

  it('drops the oldest media to stay within MAX_MEDIA_TOTAL_BYTES', () => {
    const first = add(40);
    const second = add(40);
    const third = add(40);

    expect(sut.find(first.id)).toBeUndefined();
    expect(sut.find(second.id)).toBeDefined();
    expect(sut.find(third.id)).toBeDefined();
    expect(sut.usage).toEqual({ items: 2, bytes: 80 });
  });

  it('refuses a single file larger than MAX_MEDIA_TOTAL_BYTES', () => {
    expect(() => add(101)).toThrow(/MAX_MEDIA_TOTAL_BYTES/);
  });

  it('keeps media users sent for 7 days and uploads for 30 days', () => {
    const inbound = add(1, 'inbound');
    const upload = add(1, 'upload');
    clock.advance(7 * 24 * 3600 * 1000);

    expect(sut.find(inbound.id)).toBeUndefined();
    expect(sut.find(upload.id)).toBeDefined();
  });

  it('hashes the bytes as hex for Graph and base64 for webhooks', () => {
    const media = sut.add({ bytes: Buffer.from('abc'), mimeType: 'text/plain', origin: 'upload' });

    expect(media.sha256Hex).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(media.sha256Base64).toBe('ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=');
  });
});
