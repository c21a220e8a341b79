import { buildTestEnvelope } from '../testing/test-envelope';
import { PublishNotConfirmedError } from './messaging.errors';
import { publishWithRetries } from './publish-with-retries.util';

const notConfirmed = () =>
  new PublishNotConfirmedError(
    'nacked',
    { exchange: 'switchboard.pipeline', routingKey: 'x' },
    'message nacked',
  );

describe(publishWithRetries.name, () => {
  const envelope = buildTestEnvelope();

  it('publishes again after an unconfirmed publish until the broker confirms', async () => {
    const publish = jest.fn().mockRejectedValueOnce(notConfirmed()).mockResolvedValueOnce(undefined);

    await publishWithRetries({ publish }, 'genesys.correlation', envelope, [1, 1]);

    expect(publish).toHaveBeenCalledTimes(2);
  });

  it('throws the last unconfirmed publish once the delays are used up', async () => {
    const publish = jest.fn().mockRejectedValue(notConfirmed());

    await expect(
      publishWithRetries({ publish }, 'genesys.correlation', envelope, [1, 1]),
    ).rejects.toBeInstanceOf(PublishNotConfirmedError);
    expect(publish).toHaveBeenCalledTimes(3);
  });

  it('does not retry other errors', async () => {
    const publish = jest.fn().mockRejectedValue(new TypeError('bug'));

    await expect(
      publishWithRetries({ publish }, 'genesys.correlation', envelope, [1]),
    ).rejects.toBeInstanceOf(TypeError);
    expect(publish).toHaveBeenCalledTimes(1);
  });
});
