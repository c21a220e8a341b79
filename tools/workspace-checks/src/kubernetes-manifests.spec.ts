import { SERVICES, WORK_QUEUES } from '@switchboard/shared-contracts';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

// Renders every overlay offline (kubectl kustomize) and validates each object against the
// Kubernetes schemas (kubernetes-models), then checks the operational rules of the architecture.
const workspaceRoot = path.resolve(__dirname, '../../..');
const OVERLAYS = ['production', 'staging'];

/** The services that have manifests: one Deployment each. */
const DEPLOYED_SERVICES = [
  SERVICES.API_GATEWAY,
  SERVICES.AUTH,
  SERVICES.TENANT,
  SERVICES.WHATSAPP_WEBHOOK,
  SERVICES.GENESYS_WEBHOOK,
  SERVICES.INBOUND_TRANSFORMER,
  SERVICES.OUTBOUND_TRANSFORMER,
  SERVICES.GENESYS_API,
  SERVICES.WHATSAPP_API,
  SERVICES.STATE_MANAGER,
].map((service) => service.name);

/**
 * Owners of the ordered queues (`<service>.<queue>`, single active consumer, ADR 0002): their
 * replicas give fail-over, not throughput, so they run a fixed two and have no HPA.
 */
const ORDERED_CONSUMERS = [
  ...new Set(WORK_QUEUES.filter((queue) => queue.ordered).map((queue) => queue.queue.split('.')[0])),
];

const portOf = (name: string) => Object.values(SERVICES).find((service) => service.name === name)?.port;
const peer = (service: { name: string; port: number }) => `${service.name}:${service.port}`;

/** Policies that only ever apply to every pod alike (the baseline of the namespace). */
const BASELINE_INGRESS_POLICIES = ['default-deny-ingress', 'allow-prometheus-scrape'];

/**
 * Who may open connections to the services whose callers are listed one by one (besides the
 * baseline: Prometheus from the monitoring namespace). `namespace:x` is another namespace.
 */
const EXPECTED_INGRESS: Record<string, string[]> = {
  [SERVICES.WHATSAPP_WEBHOOK.name]: [`namespace:ingress-nginx:${SERVICES.WHATSAPP_WEBHOOK.port}`],
  [SERVICES.GENESYS_WEBHOOK.name]: [`namespace:ingress-nginx:${SERVICES.GENESYS_WEBHOOK.port}`],
  [SERVICES.STATE_MANAGER.name]: [
    SERVICES.INBOUND_TRANSFORMER.name,
    SERVICES.GENESYS_API.name,
    SERVICES.OUTBOUND_TRANSFORMER.name,
    SERVICES.WHATSAPP_API.name,
    SERVICES.AGENT_PORTAL.name,
  ].map((caller) => `${caller}:${SERVICES.STATE_MANAGER.port}`),
  [SERVICES.INBOUND_TRANSFORMER.name]: [],
  [SERVICES.OUTBOUND_TRANSFORMER.name]: [],
  [SERVICES.GENESYS_API.name]: [],
  [SERVICES.WHATSAPP_API.name]: [],
};

const DNS = ['kube-dns:53/TCP', 'kube-dns:53/UDP'];
const RABBITMQ = ['*:5671/TCP', '*:5672/TCP'];
const REDIS = '*:6379/TCP';
const POSTGRESQL = '*:5432/TCP';
const MINIO = '*:9000/TCP';
const INTERNET_HTTPS = 'internet:443/TCP';
const tcp = (service: { name: string; port: number }) => `${peer(service)}/TCP`;

/**
 * Where each egress-restricted service may open connections. `*` is any address (data services
 * outside this repository), `internet` any public address.
 */
const EXPECTED_EGRESS: Record<string, string[]> = {
  [SERVICES.WHATSAPP_WEBHOOK.name]: [...DNS, ...RABBITMQ, tcp(SERVICES.TENANT), tcp(SERVICES.AUTH)],
  [SERVICES.GENESYS_WEBHOOK.name]: [...DNS, ...RABBITMQ, REDIS, tcp(SERVICES.TENANT), tcp(SERVICES.AUTH)],
  [SERVICES.INBOUND_TRANSFORMER.name]: [
    ...DNS,
    ...RABBITMQ,
    REDIS,
    MINIO,
    tcp(SERVICES.AUTH),
    tcp(SERVICES.TENANT),
    tcp(SERVICES.STATE_MANAGER),
    INTERNET_HTTPS,
  ],
  [SERVICES.GENESYS_API.name]: [
    ...DNS,
    ...RABBITMQ,
    REDIS,
    tcp(SERVICES.AUTH),
    tcp(SERVICES.TENANT),
    INTERNET_HTTPS,
  ],
  [SERVICES.OUTBOUND_TRANSFORMER.name]: [
    ...DNS,
    ...RABBITMQ,
    REDIS,
    MINIO,
    tcp(SERVICES.AUTH),
    tcp(SERVICES.TENANT),
    tcp(SERVICES.STATE_MANAGER),
    INTERNET_HTTPS,
  ],
  [SERVICES.WHATSAPP_API.name]: [
    ...DNS,
    ...RABBITMQ,
    REDIS,
    MINIO,
    tcp(SERVICES.AUTH),
    tcp(SERVICES.TENANT),
    tcp(SERVICES.STATE_MANAGER),
    INTERNET_HTTPS,
  ],
  [SERVICES.STATE_MANAGER.name]: [...DNS, POSTGRESQL, REDIS, ...RABBITMQ, tcp(SERVICES.AUTH)],
};

const PRIVATE_AND_LINK_LOCAL = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '169.254.0.0/16'];

interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

interface PolicyPeer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: { cidr: string; except?: string[] };
}

interface PolicyRule {
  from?: PolicyPeer[];
  to?: PolicyPeer[];
  ports?: { port?: number | string; protocol?: string }[];
}

interface NetworkPolicySpec {
  podSelector: LabelSelector;
  policyTypes: string[];
  ingress?: PolicyRule[];
  egress?: PolicyRule[];
}

/** Whether a label selector (matchLabels and matchExpressions, as the API server reads them) selects these labels. */
function selects(selector: LabelSelector, labels: Record<string, string>): boolean {
  const byLabels = Object.entries(selector.matchLabels ?? {}).every(([key, value]) => labels[key] === value);
  const byExpressions = (selector.matchExpressions ?? []).every(({ key, operator, values = [] }) => {
    switch (operator) {
      case 'In':
        return key in labels && values.includes(labels[key]);
      case 'NotIn':
        return !(key in labels) || !values.includes(labels[key]);
      case 'Exists':
        return key in labels;
      case 'DoesNotExist':
        return !(key in labels);
      default:
        throw new Error(`unknown selector operator ${operator}`);
    }
  });
  return byLabels && byExpressions;
}

/** A peer as `name` (a Switchboard pod), `namespace:x`, `kube-dns`, `internet` or `*` (none given). */
function describePeer(policyPeer: PolicyPeer | undefined): string {
  if (!policyPeer) return '*';
  if (policyPeer.ipBlock)
    return policyPeer.ipBlock.cidr === '0.0.0.0/0' ? 'internet' : policyPeer.ipBlock.cidr;
  const namespace = policyPeer.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'];
  const pods = policyPeer.podSelector?.matchLabels ?? {};
  if (namespace === 'kube-system' && pods['k8s-app'] === 'kube-dns') return 'kube-dns';
  if (namespace && !policyPeer.podSelector) return `namespace:${namespace}`;
  if (!policyPeer.namespaceSelector && pods['app.kubernetes.io/name']) return pods['app.kubernetes.io/name'];
  return JSON.stringify(policyPeer);
}

/** Every (peer, port) a rule allows, as `peer:port`, plus `/protocol` when `withProtocol`. */
function describeRule(rule: PolicyRule, peers: PolicyPeer[] | undefined, withProtocol: boolean): string[] {
  const ports = rule.ports ?? [{}];
  return (peers ?? [undefined]).flatMap((policyPeer) =>
    ports.map(
      ({ port, protocol }) =>
        `${describePeer(policyPeer)}:${port ?? '*'}${withProtocol ? `/${protocol ?? 'TCP'}` : ''}`,
    ),
  );
}

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec?: Record<string, unknown>;
}

function render(overlay: string): K8sObject[] {
  const yamlText = execFileSync('kubectl', ['kustomize', path.join(workspaceRoot, 'k8s/overlays', overlay)], {
    encoding: 'utf8',
  });
  return parseAllDocuments(yamlText).map((document) => document.toJSON() as K8sObject);
}

function modelFor(object: K8sObject): { validate(): void } {
  const [group, version] = object.apiVersion.includes('/')
    ? object.apiVersion.split('/')
    : ['', object.apiVersion];
  const modulePath = group
    ? `kubernetes-models/${group}/${version}/${object.kind}`
    : `kubernetes-models/${version}/${object.kind}`;
  const exports = require(modulePath) as Record<string, new (data: unknown) => { validate(): void }>;
  return new exports[object.kind](object);
}

describe.each(OVERLAYS)('k8s/overlays/%s', (overlay) => {
  const objects = render(overlay);
  const deployments = objects.filter((o) => o.kind === 'Deployment');
  const named = (kind: string, name: string) =>
    objects.find((o) => o.kind === kind && o.metadata.name === name);
  const policies = objects.filter((o) => o.kind === 'NetworkPolicy') as unknown as {
    metadata: { name: string };
    spec: NetworkPolicySpec;
  }[];
  const podLabels = (name: string) =>
    (named('Deployment', name)?.spec as { template: { metadata: { labels: Record<string, string> } } })
      .template.metadata.labels;
  const policiesOf = (name: string, type: 'Ingress' | 'Egress') =>
    policies.filter(
      (policy) => policy.spec.policyTypes.includes(type) && selects(policy.spec.podSelector, podLabels(name)),
    );

  it('deploys every service that has manifests', () => {
    expect(deployments.map((deployment) => deployment.metadata.name).sort()).toEqual(
      [...DEPLOYED_SERVICES].sort(),
    );
  });

  it("runs every service on its port from the contracts (container, PORT and Prometheus's scrape)", () => {
    for (const deployment of deployments) {
      const port = portOf(deployment.metadata.name);
      const template = (
        deployment.spec as unknown as {
          template: {
            metadata: { annotations: Record<string, string> };
            spec: {
              containers: {
                ports: { name: string; containerPort: number }[];
                env: { name: string; value: string }[];
              }[];
            };
          };
        }
      ).template;
      const [container] = template.spec.containers;
      expect(container.ports).toEqual([{ name: 'http', containerPort: port }]);
      expect(container.env).toContainEqual({ name: 'PORT', value: String(port) });
      expect(template.metadata.annotations['prometheus.io/port']).toBe(String(port));
    }
  });

  it('renders objects that are all valid against the Kubernetes schemas', () => {
    expect(objects.length).toBeGreaterThan(10);
    for (const object of objects) expect(() => modelFor(object).validate()).not.toThrow();
  });

  it('gives every Deployment probes, resources, a non-root read-only container and no service account token', () => {
    expect(deployments.length).toBe(DEPLOYED_SERVICES.length);
    for (const deployment of deployments) {
      const pod = (deployment.spec as unknown as { template: { spec: unknown } }).template.spec as {
        automountServiceAccountToken: boolean;
        securityContext: { runAsNonRoot: boolean };
        containers: {
          readinessProbe?: { httpGet: { path: string } };
          livenessProbe?: { httpGet: { path: string } };
          resources?: { requests?: object; limits?: { memory?: string } };
          securityContext: { readOnlyRootFilesystem: boolean; allowPrivilegeEscalation: boolean };
        }[];
      };
      expect(pod.automountServiceAccountToken).toBe(false);
      expect(pod.securityContext.runAsNonRoot).toBe(true);
      for (const container of pod.containers) {
        expect(container.readinessProbe?.httpGet.path).toBe('/health/ready');
        expect(container.livenessProbe?.httpGet.path).toBe('/health/live');
        expect(container.resources?.requests).toBeDefined();
        expect(container.resources?.limits?.memory).toBeDefined();
        expect(container.securityContext).toMatchObject({
          readOnlyRootFilesystem: true,
          allowPrivilegeEscalation: false,
        });
      }
    }
  });

  it('pairs every Deployment with a Service, a PodDisruptionBudget, an HPA (unless it consumes an ordered queue) and its config', () => {
    for (const deployment of deployments) {
      const name = deployment.metadata.name;
      expect(named('Service', name)).toBeDefined();
      expect(named('PodDisruptionBudget', name)?.spec).toMatchObject({ minAvailable: 1 });
      if (!ORDERED_CONSUMERS.includes(name)) {
        expect(named('HorizontalPodAutoscaler', name)?.spec).toMatchObject({
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
          minReplicas: 2,
          metrics: [{ type: 'Resource', resource: { name: 'cpu' } }],
        });
      }
      expect(
        objects.some((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith(`${name}-config`)),
      ).toBe(true);
    }
  });

  it('runs the consumers of ordered queues as one active and one standby replica, without an HPA', () => {
    expect([...ORDERED_CONSUMERS].sort()).toEqual([
      SERVICES.GENESYS_API.name,
      SERVICES.INBOUND_TRANSFORMER.name,
      SERVICES.OUTBOUND_TRANSFORMER.name,
      SERVICES.WHATSAPP_API.name,
    ]);
    for (const name of ORDERED_CONSUMERS) {
      expect(named('Deployment', name)?.spec).toMatchObject({ replicas: 2 });
      expect(named('HorizontalPodAutoscaler', name)).toBeUndefined();
    }
  });

  it('lets only the listed callers reach the services that list them', () => {
    const allowWithin = named('NetworkPolicy', 'allow-within-switchboard');
    expect(allowWithin).toBeDefined();
    for (const [name, expected] of Object.entries(EXPECTED_INGRESS)) {
      const own = policiesOf(name, 'Ingress').filter(
        (policy) => !BASELINE_INGRESS_POLICIES.includes(policy.metadata.name),
      );
      const allowed = own.flatMap((policy) =>
        (policy.spec.ingress ?? []).flatMap((rule) => describeRule(rule, rule.from, false)),
      );
      expect({ name, allowed: allowed.sort() }).toEqual({ name, allowed: [...expected].sort() });
    }
  });

  it('lets Prometheus scrape every pod', () => {
    for (const name of DEPLOYED_SERVICES) {
      expect(policiesOf(name, 'Ingress').map((policy) => policy.metadata.name)).toEqual(
        expect.arrayContaining(BASELINE_INGRESS_POLICIES),
      );
    }
    const scrape = named('NetworkPolicy', 'allow-prometheus-scrape')?.spec as unknown as NetworkPolicySpec;
    expect(scrape.ingress?.flatMap((rule) => describeRule(rule, rule.from, false))).toEqual([
      'namespace:monitoring:*',
    ]);
  });

  it('limits the egress of the pipeline services to DNS, their data services, their peers and their clouds', () => {
    for (const [name, expected] of Object.entries(EXPECTED_EGRESS)) {
      const allowed = policiesOf(name, 'Egress').flatMap((policy) =>
        (policy.spec.egress ?? []).flatMap((rule) => describeRule(rule, rule.to, true)),
      );
      expect({ name, allowed: allowed.sort() }).toEqual({ name, allowed: [...expected].sort() });
    }
    const internetBlocks = policies.flatMap((policy) =>
      (policy.spec.egress ?? []).flatMap((rule) =>
        (rule.to ?? []).flatMap((to) => (to.ipBlock ? [to.ipBlock] : [])),
      ),
    );
    expect(internetBlocks.length).toBeGreaterThan(0);
    for (const block of internetBlocks)
      expect(block.except).toEqual(expect.arrayContaining(PRIVATE_AND_LINK_LOCAL));
  });

  it('denies ingress by default and labels every pod for the policies', () => {
    expect(named('NetworkPolicy', 'default-deny-ingress')).toBeDefined();
    for (const deployment of deployments) {
      const labels = (deployment.spec as { template: { metadata: { labels: Record<string, string> } } })
        .template.metadata.labels;
      expect(labels['app.kubernetes.io/part-of']).toBe('switchboard');
    }
  });

  it('keeps secrets out of the manifests', () => {
    expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
    for (const configMap of objects.filter((o) => o.kind === 'ConfigMap')) {
      const data = (configMap as unknown as { data?: Record<string, string> }).data ?? {};
      for (const [key, value] of Object.entries(data)) {
        expect({ configMap: configMap.metadata.name, key }).not.toMatchObject({
          key: expect.stringMatching(/SECRET|TOKEN|PASSWORD|ACCESS_KEY|DATABASE_URL|RABBITMQ_URL|REDIS_URL/),
        });
        // No credentials in a URL (scheme://user:password@host).
        expect(value).not.toMatch(/:\/\/[^/\s]*@/);
      }
    }
  });
});

describe('k8s/overlays/production ingress', () => {
  const ingress = render('production').find((o) => o.kind === 'Ingress') as unknown as {
    spec: {
      tls: { hosts: string[]; secretName: string }[];
      rules: {
        host: string;
        http: {
          paths: {
            path: string;
            pathType: string;
            backend: { service: { name: string; port: { name: string } } };
          }[];
        };
      }[];
    };
  };
  const routes = ingress.spec.rules.flatMap((rule) =>
    rule.http.paths.map((route) => ({
      url: `https://${rule.host}${route.path}`,
      pathType: route.pathType,
      service: `${route.backend.service.name}:${route.backend.service.port.name}`,
    })),
  );

  it('routes the public API to the gateway and only the webhook paths to their services, all over TLS', () => {
    expect(routes.sort((a, b) => a.url.localeCompare(b.url))).toEqual([
      { url: 'https://api.switchboard.example.com/api', pathType: 'Prefix', service: 'api-gateway:http' },
      {
        url: 'https://hooks.switchboard.example.com/webhooks/genesys/',
        pathType: 'Prefix',
        service: 'genesys-webhook-service:http',
      },
      {
        url: 'https://hooks.switchboard.example.com/webhooks/whatsapp',
        pathType: 'Exact',
        service: 'whatsapp-webhook-service:http',
      },
    ]);
    const tlsHosts = ingress.spec.tls.flatMap((tls) => tls.hosts);
    for (const rule of ingress.spec.rules) expect(tlsHosts).toContain(rule.host);
  });
});
