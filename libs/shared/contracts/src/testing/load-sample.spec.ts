import { listSampleFiles, readSampleText, SHARED_SAMPLES_DIR, sharedSamplesAvailable } from './load-sample';

describe(listSampleFiles.name, () => {
  // CI may not have the shared spec folder; there the copies must at least exist.
  const sharedAvailable = sharedSamplesAvailable();

  it(
    sharedAvailable
      ? 'keeps copies identical to the shared spec samples'
      : 'has its own copies of the samples (shared spec folder absent)',
    () => {
      const copies = listSampleFiles();

      if (sharedAvailable) {
        expect(copies).toEqual(listSampleFiles(SHARED_SAMPLES_DIR));
        for (const fileName of copies) {
          expect({ fileName, text: readSampleText(fileName) }).toEqual({
            fileName,
            text: readSampleText(fileName, SHARED_SAMPLES_DIR),
          });
        }
      } else {
        expect(copies.length).toBeGreaterThan(0);
      }
    },
  );
});
