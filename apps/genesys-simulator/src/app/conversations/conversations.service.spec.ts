import { Logger } from '@nestjs/common';
import { loadGenesysSimulatorConfig } from '../config/genesys-simulator.config';
import { ClockService } from '../core/clock.service';
import { SimulatorStateService } from '../core/simulator-state.service';
import { ConversationsService } from './conversations.service';

const JANE = { id: '15550000001', idType: 'Opaque' };
const JOHN = { id: '15550000002', idType: 'Opaque' };
const WINDOW_SECONDS = 60;

describe(ConversationsService.name, () => {
  let clock: ClockService;
  let sut: ConversationsService;

  beforeAll(() => Logger.overrideLogger(false));

  beforeEach(() => {
    const state = new SimulatorStateService();
    clock = new ClockService(state);
    sut = new ConversationsService(
      loadGenesysSimulatorConfig({ THREADING_WINDOW_SECONDS: String(WINDOW_SECONDS) }),
      clock,
      state,
    );
  });

  it('keeps a connected customer in one conversation, however long between messages', () => {
    const first = sut.recordMessage('int-a', JANE);
    clock.advance(WINDOW_SECONDS * 1000 * 10);
    const second = sut.recordMessage('int-a', JANE);

    expect(second.conversationId).toBe(first.conversationId);
    expect(second).toMatchObject({ state: 'active', messageCount: 2 });
  });

  it('joins the same conversation again for a message within the threading window after a disconnect', () => {
    const first = sut.recordMessage('int-a', JANE);
    clock.advance(5_000);
    expect(sut.disconnect('int-a', JANE.id)?.state).toBe('disconnected');
    // A second short of the window: the simulated clock also moves with real time while the test runs.
    clock.advance(WINDOW_SECONDS * 1000 - 1_000);

    const again = sut.recordMessage('int-a', JANE);

    expect(again).toMatchObject({ conversationId: first.conversationId, state: 'active', messageCount: 2 });
    expect(again.disconnectedAt).toBeUndefined();
  });

  it('starts a new conversation once the threading window after the disconnect has passed', () => {
    const first = sut.recordMessage('int-a', JANE);
    sut.disconnect('int-a', JANE.id);
    clock.advance(WINDOW_SECONDS * 1000);
    expect(sut.find('int-a', JANE.id)?.state).toBe('expired');

    const second = sut.recordMessage('int-a', JANE);

    expect(second.conversationId).not.toBe(first.conversationId);
    expect(second.previousConversationIds).toEqual([first.conversationId]);
  });

  it('starts a new conversation right after a disconnect when the threading window is 0', () => {
    const noThreading = new ConversationsService(
      loadGenesysSimulatorConfig({ THREADING_WINDOW_SECONDS: '0' }),
      clock,
      new SimulatorStateService(),
    );
    const first = noThreading.recordMessage('int-a', JANE);
    noThreading.disconnect('int-a', JANE.id);

    expect(noThreading.recordMessage('int-a', JANE).conversationId).not.toBe(first.conversationId);
  });

  it('keeps customers and integrations apart', () => {
    const ids = [
      sut.recordMessage('int-a', JANE),
      sut.recordMessage('int-a', JOHN),
      sut.recordMessage('int-b', JANE),
    ].map((conversation) => conversation.conversationId);

    expect(new Set(ids).size).toBe(3);
    expect(sut.list({ integrationId: 'int-a' })).toHaveLength(2);
  });

  it('neither counts an event as a message nor reconnects the conversation', () => {
    const first = sut.recordMessage('int-a', JANE);
    sut.disconnect('int-a', JANE.id);

    const current = sut.currentOrStart('int-a', JANE);

    expect(current).toMatchObject({
      conversationId: first.conversationId,
      messageCount: 1,
      state: 'disconnected',
    });
  });
});
