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

  it('keeps a customer in one conversation while messages arrive within the window of the previous one', () => {
    const first = sut.recordMessage('int-a', JANE);
    clock.advance(WINDOW_SECONDS * 1000 - 500);
    const second = sut.recordMessage('int-a', JANE);
    clock.advance(WINDOW_SECONDS * 1000 - 500);
    const third = sut.recordMessage('int-a', JANE);

    expect(new Set([first.conversationId, second.conversationId, third.conversationId]).size).toBe(1);
    expect(third.messageCount).toBe(3);
  });

  it('starts a new conversation after the window has passed, remembering the previous one', () => {
    const first = sut.recordMessage('int-a', JANE);
    clock.advance(WINDOW_SECONDS * 1000 + 1);

    expect(sut.find('int-a', JANE.id)?.state).toBe('expired');
    const second = sut.recordMessage('int-a', JANE);

    expect(second.conversationId).not.toBe(first.conversationId);
    expect(second.previousConversationIds).toEqual([first.conversationId]);
  });

  it('starts a new conversation after a disconnect', () => {
    const first = sut.recordMessage('int-a', JANE);

    expect(sut.disconnect('int-a', JANE.id)?.state).toBe('disconnected');
    expect(sut.recordMessage('int-a', JANE).conversationId).not.toBe(first.conversationId);
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

  it('does not count an event in the current conversation as a message nor extend its window', () => {
    const first = sut.recordMessage('int-a', JANE);
    clock.advance(WINDOW_SECONDS * 1000 - 500);

    const current = sut.currentOrStart('int-a', JANE);
    clock.advance(1_000);

    expect(current).toMatchObject({ conversationId: first.conversationId, messageCount: 1 });
    expect(sut.recordMessage('int-a', JANE).conversationId).not.toBe(first.conversationId);
  });
});
