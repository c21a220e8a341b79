/**
 * Genesys Cloud regions and their domains (spec B1, SDK `PureCloudRegionHosts`). The login host
 * is `https://login.{domain}`, the API host `https://api.{domain}`; both are configuration in the
 * services so that the simulator (or any stand-in) can take their place.
 */
export const GENESYS_REGION_DOMAINS = {
  'us-east-1': 'mypurecloud.com',
  'us-east-2': 'use2.us-gov-pure.cloud',
  'us-west-2': 'usw2.pure.cloud',
  'ca-central-1': 'cac1.pure.cloud',
  'eu-west-1': 'mypurecloud.ie',
  'eu-west-2': 'euw2.pure.cloud',
  'eu-central-1': 'mypurecloud.de',
  'eu-central-2': 'euc2.pure.cloud',
  'ap-south-1': 'aps1.pure.cloud',
  'ap-northeast-1': 'mypurecloud.jp',
  'ap-northeast-2': 'apne2.pure.cloud',
  'ap-northeast-3': 'apne3.pure.cloud',
  'ap-southeast-2': 'mypurecloud.com.au',
  'sa-east-1': 'sae1.pure.cloud',
  'me-central-1': 'mec1.pure.cloud',
  'mx-central-1': 'mxc1.pure.cloud',
  'ap-southeast-1': 'apse1.pure.cloud',
  'eusc-de-east-1': 'edee1.eusc-pure.cloud',
} as const;

export type GenesysRegion = keyof typeof GENESYS_REGION_DOMAINS;
export const GENESYS_REGIONS = Object.keys(GENESYS_REGION_DOMAINS) as GenesysRegion[];

export function isGenesysRegion(value: string): value is GenesysRegion {
  return Object.prototype.hasOwnProperty.call(GENESYS_REGION_DOMAINS, value);
}

export function genesysLoginBaseUrl(region: GenesysRegion): string {
  return `https://login.${GENESYS_REGION_DOMAINS[region]}`;
}

export function genesysApiBaseUrl(region: GenesysRegion): string {
  return `https://api.${GENESYS_REGION_DOMAINS[region]}`;
}
