import { formatValidationErrors } from '../lib/validation/validation.util';
import { listSampleFiles, loadSample } from './load-sample';
import { validatorsForSample } from './sample-validators';

describe(validatorsForSample.name, () => {
  const sampleFiles = listSampleFiles();

  it('finds the copied samples', () => {
    expect(sampleFiles).toContain('wa-inbound-text.json');
  });

  it.each(sampleFiles)('maps %s to exactly one validator', (fileName) => {
    const sut = validatorsForSample;

    expect(sut(fileName)).toHaveLength(1);
  });

  it.each(sampleFiles)('accepts %s with its validator', (fileName) => {
    const [entry] = validatorsForSample(fileName);

    const result = entry.validate(loadSample(fileName));

    expect(result.ok ? '' : formatValidationErrors(result.errors)).toBe('');
  });

  it('leaves a file name that matches no pattern without a validator', () => {
    expect(validatorsForSample('wa-something-new.json')).toEqual([]);
  });
});
