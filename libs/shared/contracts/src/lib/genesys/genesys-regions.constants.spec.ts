import { genesysApiBaseUrl, genesysLoginBaseUrl, isGenesysRegion } from './genesys-regions.constants';

describe(isGenesysRegion.name, () => {
  it('knows the regions of the spec and nothing else', () => {
    expect(isGenesysRegion('eu-west-1')).toBe(true);
    expect(isGenesysRegion('eusc-de-east-1')).toBe(true);
    expect(isGenesysRegion('mars-1')).toBe(false);
    expect(isGenesysRegion('__proto__')).toBe(false);
  });

  it('builds the login and API hosts of a region', () => {
    expect(genesysLoginBaseUrl('us-east-1')).toBe('https://login.mypurecloud.com');
    expect(genesysApiBaseUrl('eu-central-1')).toBe('https://api.mypurecloud.de');
  });
});
