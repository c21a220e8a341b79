import { SetMetadata } from '@nestjs/common';

/**
 * Marks a route as reachable without authentication. Every route is guarded by default; the
 * auth guard (tenants/identity issue) honours this marker. Health and metrics are public on
 * purpose: in Kubernetes they are reached on the pod network by the kubelet and Prometheus.
 */
export const IS_PUBLIC_ENDPOINT = 'switchboard:public-endpoint';
export const Public = () => SetMetadata(IS_PUBLIC_ENDPOINT, true);
