import type { ObjectRef } from '../../model/kube.ts';
import type { Exposure } from '../../model/exposure.ts';
import type { Platform } from '../../platform/platform.ts';
import type { Finding } from '../finding.ts';
import { findingOf } from './rule.ts';
import { SEC } from './rules.ts';

/** The Route (OpenShift) or Ingress (Kubernetes) the platform derives for an exposure. */
function exposureObject(platform: Platform, exposure: Exposure): ObjectRef {
  const openshift = platform.config.target === 'openshift';
  return {
    apiVersion: openshift ? 'route.openshift.io/v1' : 'networking.k8s.io/v1',
    kind: openshift ? 'Route' : 'Ingress',
    name: exposure.host,
    namespace: exposure.namespace,
  };
}

/**
 * DL-SEC-031: every exposure declares how its backend authenticates callers, and `none` is an
 * error too, so a deliberately public endpoint needs a suppression with its reason.
 */
export function checkExposureAuthentication(platform: Platform): Finding[] {
  const findings: Finding[] = [];
  for (const [name, built] of platform.components) {
    for (const exposure of built.build.exposures) {
      const object = exposureObject(platform, exposure);
      if (exposure.authentication === undefined) {
        findings.push(findingOf(SEC.exposureAuthentication, { object, message: `${name} exposes ${exposure.host} (${exposure.description}) without declaring how it authenticates callers` }));
      } else if (exposure.authentication === 'none') {
        findings.push(findingOf(SEC.exposureAuthentication, { object, message: `${name} exposes ${exposure.host} (${exposure.description}) with no authentication` }));
      }
    }
  }
  return findings;
}
