import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CRDS_CATALOG_TEMPLATE,
  KUBERNETES_SCHEMAS_TEMPLATE,
  expandTemplate,
  parseLocation,
  templateVariables,
} from '../../../src/check/schema/location.ts';

const MASTER_STRICT = { kubernetesVersion: 'master', strict: true };

describe('kubeconform schema location templates', () => {
  it('computes the variables the way kubeconform does for a core, a built-in and a CRD group', () => {
    assert.deepEqual(templateVariables('v1', 'Service', MASTER_STRICT), {
      NormalizedKubernetesVersion: 'master',
      StrictSuffix: '-strict',
      ResourceKind: 'service',
      ResourceAPIVersion: 'v1',
      Group: 'v1',
      KindSuffix: '-v1',
    });
    const rbac = templateVariables('rbac.authorization.k8s.io/v1', 'ClusterRoleBinding', { kubernetesVersion: '1.30.2', strict: false });
    assert.equal(rbac['KindSuffix'], '-rbac-v1');
    assert.equal(rbac['Group'], 'rbac.authorization.k8s.io');
    assert.equal(rbac['NormalizedKubernetesVersion'], 'v1.30.2');
    assert.equal(rbac['StrictSuffix'], '');
  });

  it('expands the default location and the CRDs catalog to the URLs kubeconform users know', () => {
    assert.equal(
      expandTemplate(KUBERNETES_SCHEMAS_TEMPLATE, 'apps/v1', 'Deployment', MASTER_STRICT),
      'https://raw.githubusercontent.com/yannh/kubernetes-json-schema/master/master-standalone-strict/deployment-apps-v1.json',
    );
    assert.equal(
      expandTemplate(CRDS_CATALOG_TEMPLATE, 'kafka.strimzi.io/v1beta2', 'Kafka', MASTER_STRICT),
      'https://raw.githubusercontent.com/datreeio/CRDs-catalog/main/kafka.strimzi.io/kafka_v1beta2.json',
    );
  });

  it('accepts spaces inside the braces and rejects an unknown variable', () => {
    assert.equal(expandTemplate('/s/{{ .ResourceKind }}{{ .KindSuffix }}.json', 'v1', 'ConfigMap', MASTER_STRICT), '/s/configmap-v1.json');
    assert.throws(() => expandTemplate('/s/{{.Kind}}.json', 'v1', 'ConfigMap', MASTER_STRICT), /unknown schema template variable \{\{\.Kind\}\}/);
  });

  it('reads "default", templates, bare URLs and folders as kubeconform does', () => {
    assert.deepEqual(parseLocation('default'), { type: 'template', template: KUBERNETES_SCHEMAS_TEMPLATE, remote: true });
    assert.deepEqual(parseLocation('/schemas/{{.ResourceKind}}.json'), { type: 'template', template: '/schemas/{{.ResourceKind}}.json', remote: false });
    assert.deepEqual(parseLocation('https://example.test/schemas/'), {
      type: 'template',
      template: 'https://example.test/schemas/{{.NormalizedKubernetesVersion}}-standalone{{.StrictSuffix}}/{{.ResourceKind}}{{.KindSuffix}}.json',
      remote: true,
    });
    assert.deepEqual(parseLocation('../shared/schemas'), { type: 'dir', dir: '../shared/schemas' });
  });
});
