import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

// Renders every overlay offline (kubectl kustomize) and validates each object against the
// Kubernetes schemas (kubernetes-models), then checks the operational rules of the architecture.
const workspaceRoot = path.resolve(__dirname, '../../..');
const OVERLAYS = ['production', 'staging'];

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

  it('renders objects that are all valid against the Kubernetes schemas', () => {
    expect(objects.length).toBeGreaterThan(10);
    for (const object of objects) expect(() => modelFor(object).validate()).not.toThrow();
  });

  it('gives every Deployment probes, resources, a non-root read-only container and no service account token', () => {
    expect(deployments.length).toBeGreaterThanOrEqual(3);
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

  it('pairs every Deployment with a Service, a PodDisruptionBudget, an HPA and its config', () => {
    for (const deployment of deployments) {
      const name = deployment.metadata.name;
      expect(named('Service', name)).toBeDefined();
      expect(named('PodDisruptionBudget', name)).toBeDefined();
      expect(named('HorizontalPodAutoscaler', name)).toBeDefined();
      expect(
        objects.some((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith(`${name}-config`)),
      ).toBe(true);
    }
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
  });
});
