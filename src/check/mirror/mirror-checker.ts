import type { Checker } from '../checker.ts';
import type { Finding } from '../finding.ts';
import { refOf } from '../../model/kube.ts';
import { imagesIn } from '../../platform/image-inventory.ts';
import { operatorInstallPlan } from '../../platform/derive/operators.ts';

/** Rule ids of the disconnected-cluster check. */
export const MIRROR_RULES = {
  /** An image reference in a rendered object does not point at `images.registry`. */
  imageOutsideMirror: 'DL-MIRROR-001',
  /** An operator installed from Helm or a manifest pulls upstream images the render cannot redirect. */
  operatorImagesNotRedirected: 'DL-MIRROR-002',
} as const;

/**
 * With `images.registry` set (a disconnected or mirrored cluster), every image the platform pulls
 * must come from the mirror: any rendered reference elsewhere would fail to pull. Operators
 * installed from Helm charts or manifests choose their own images unless their values redirect
 * them; those are warned about, with the command that lists what to mirror.
 */
export const mirrorChecker: Checker = {
  id: 'mirror',
  title: 'images come from the configured mirror',
  run({ platform }) {
    const registry = platform.config.images.registry;
    if (registry === undefined) return [];
    const findings: Finding[] = [];
    for (const { object } of platform.objects) {
      for (const image of imagesIn(object)) {
        if (image.startsWith(`${registry}/`)) continue;
        findings.push({ rule: MIRROR_RULES.imageOutsideMirror, severity: 'error', object: refOf(object), message: `image ${image} is not pulled from the mirror ${registry}; set the component's image under ${registry}/ or remove the override` });
      }
    }
    for (const [name, built] of platform.components) {
      for (const image of built.build.images ?? []) {
        if (image.startsWith(`${registry}/`)) continue;
        findings.push({ rule: MIRROR_RULES.imageOutsideMirror, severity: 'error', message: `${name}: image ${image} (spawned from its configuration) is not pulled from the mirror ${registry}; set the image under ${registry}/ or remove the override` });
      }
    }
    for (const install of operatorInstallPlan(platform)) {
      if (install.type === 'olm') continue;
      const values = install.type === 'helm' ? JSON.stringify(install.values ?? {}) : '';
      if (values.includes(registry)) continue;
      findings.push({
        rule: MIRROR_RULES.operatorImagesNotRedirected,
        severity: 'warning',
        message: `operator ${install.id} installs from a ${install.type === 'helm' ? 'Helm chart' : 'release manifest'} whose images are not redirected to ${registry}; mirror them (datalyptica images -o skopeo) and point the cluster's registry mirror configuration at ${registry}`,
      });
    }
    return findings;
  },
};
