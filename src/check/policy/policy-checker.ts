import type { Checker } from '../checker.ts';
import type { Finding } from '../finding.ts';
import { checkContent } from './content-rules.ts';
import { checkExposureAuthentication } from './exposure-rules.ts';
import { boundServiceAccounts, checkObjects, sccGrants } from './object-rules.ts';
import { checkPodTemplate } from './pod-rules.ts';
import { podTemplatesOf } from './pod-templates.ts';

/**
 * Security policy: Pod Security "restricted" and OpenShift restricted-v2 on every pod template we
 * control (workloads and operator CRs), RBAC, exposure TLS, Service types, ServiceAccount tokens,
 * SCCs, namespace labels, NetworkPolicy coverage, credentials in env values and the
 * authentication of every exposure.
 */
export const policyChecker: Checker = {
  id: 'policy',
  title: 'Security policy',
  run({ platform }) {
    const objects = platform.objects.map((p) => p.object);
    const context = { openshift: platform.config.target === 'openshift', boundServiceAccounts: boundServiceAccounts(objects), sccGrants: sccGrants(objects) };
    const findings: Finding[] = [];
    for (const object of objects) {
      for (const view of podTemplatesOf(object)) findings.push(...checkPodTemplate(view, context));
    }
    findings.push(...checkObjects(platform), ...checkContent(platform), ...checkExposureAuthentication(platform));
    return findings;
  },
};
