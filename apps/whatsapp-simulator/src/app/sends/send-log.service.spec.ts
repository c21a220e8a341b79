import { SimulatorClock } from '../common/simulator-clock.service';
import { loadWhatsAppSimulatorConfig } from '../config/whatsapp-simulator.config';
import { SendLogService } from './send-log.service';

describe(SendLogService.name, () => {
  let sut: SendLogService;

  beforeEach(() => {
    sut = new SendLogService(loadWhatsAppSimulatorConfig({ MAX_RECORDED_SENDS: '2' }), new SimulatorClock());
  });

  const message = (wamid: string) =>
    sut.record({
      kind: 'message',
      phoneNumberId: '1',
      to: '15551234567',
      waId: '15551234567',
      type: 'text',
      wamid,
      payload: {},
    });

  it('finds a message send by its wamid until it is pushed out of the log', () => {
    const first = message('wamid.A');
    const second = message('wamid.B');
    const beforeEviction = sut.findMessage('wamid.A');

    message('wamid.C');

    expect(beforeEviction).toBe(first);
    expect(sut.findMessage('wamid.A')).toBeUndefined();
    expect(sut.findMessage('wamid.B')).toBe(second);
  });

  it('does not find a mark-as-read by the id of the message it read', () => {
    sut.record({ kind: 'mark_read', phoneNumberId: '1', wamid: 'wamid.IN', payload: {} });

    expect(sut.findMessage('wamid.IN')).toBeUndefined();
  });

  it('forgets every send on reset', () => {
    message('wamid.A');

    sut.reset();

    expect(sut.findMessage('wamid.A')).toBeUndefined();
    expect(sut.list()).toEqual([]);
  });
});
