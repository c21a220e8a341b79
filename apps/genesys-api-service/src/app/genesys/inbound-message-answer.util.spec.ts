import { readFileSync } from 'node:fs';
import path from 'node:path';
import { classifyError } from '@switchboard/backend-util-messaging';
import { GenesysUnexpectedAnswerError } from './genesys.errors';
import { readInboundMessageAnswer } from './inbound-message-answer.util';

/** samples/genesys-inbound-response.json of the spec (OpenMessageNormalizedMessage). */
const SAMPLE = readFileSync(
  path.join(__dirname, '../../testing/samples/genesys-inbound-response.json'),
  'utf8',
);
const sample = JSON.parse(SAMPLE) as Record<string, unknown> & { channel: { id: string } };

describe(readInboundMessageAnswer.name, () => {
  it('takes `id` as the Genesys message id and the top-level `conversationId` as the conversation', () => {
    const sut = readInboundMessageAnswer(SAMPLE);

    expect(sut).toEqual({
      genesysMessageId: '0f9e8d7c6b5a49382716a5b4c3d2e1f0',
      conversationId: 'b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e',
    });
  });

  it('never takes the message id or the integration (channel.id) for the conversation', () => {
    const sut = readInboundMessageAnswer(SAMPLE);

    expect(sut.conversationId).not.toBe(sample['id']);
    expect(sut.conversationId).not.toBe(sample.channel.id);
    expect(sut.genesysMessageId).not.toBe(sample.channel.id);
  });

  it('refuses an answer without conversationId with a clear reason, for the dead-letter queue (Genesys did take the message)', () => {
    const { conversationId: _conversationId, ...withoutConversation } = sample;

    const error = (() => {
      try {
        readInboundMessageAnswer(JSON.stringify(withoutConversation));
      } catch (failure) {
        return failure;
      }
      return undefined;
    })();

    expect(error).toBeInstanceOf(GenesysUnexpectedAnswerError);
    expect((error as Error).message).toMatch(/without a conversationId/);
    expect(classifyError(error).kind).toBe('permanent');
  });

  it('refuses an answer without a message id and one that is not JSON', () => {
    const { id: _id, ...withoutId } = sample;

    expect(() => readInboundMessageAnswer(JSON.stringify(withoutId))).toThrow(/id: Required/);
    expect(() => readInboundMessageAnswer('<html>OK</html>')).toThrow(/not JSON/);
  });

  it('refuses an empty conversationId', () => {
    expect(() => readInboundMessageAnswer(JSON.stringify({ ...sample, conversationId: '' }))).toThrow(
      GenesysUnexpectedAnswerError,
    );
  });
});
