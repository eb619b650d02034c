import type { Layout, Profile, Target } from '../model/names.ts';

/**
 * The commented starting file `datalyptica init` writes. Every line it leaves active is a valid
 * setting; the rest are commented defaults to uncomment.
 */
export function starterConfig(input: { target: Target; profile: Profile; layout: Layout; domain: string }): string {
  return `# yaml-language-server: $schema=./datalyptica.schema.json
# Datalyptica platform config. Everything is optional: an empty file (or none) is the
# production HA platform on OpenShift. \`datalyptica schema\` prints the full JSON Schema.

# Where it runs: openshift (Routes, SCCs, OLM operators) or kubernetes (Ingress, PSA, Helm sources).
target: ${input.target}

# Sizing: production (the seeds' HA sizing), small (modest HA), dev (fits one node).
profile: ${input.profile}

# functional: 8 namespaces by tier (catalog, streaming, ...); layered: 5 (storage, control, data, ...).
layout: ${input.layout}

# Prefix of every namespace and instance label.
namePrefix: datalyptica

# Exposed UIs and APIs get <name>.<domain> (Routes on OpenShift, Ingress on Kubernetes).
domain: ${input.domain}

# Failure zones; two or more enable Kafka rack awareness and zone spreading.
zones: []

storage:
  # Create the StorageClasses below (default: use the cluster's existing classes).
  create: false
  classes: {}
  #   fast: { name: datalyptica-fast-ssd, provisioner: ebs.csi.aws.com, parameters: { type: io2, iopsPerGB: "50", encrypted: "true" } }
  #   standard: { name: datalyptica-standard }
  #   shared: { name: datalyptica-shared }

objectStorage:
  # external (your S3), odf (OpenShift Data Foundation), or minio (test only: community edition is in maintenance mode).
  mode: external
  endpoint: https://s3.enterprise.local
  region: us-east-1
  pathStyle: true
  buckets:
    warehouse: datalyptica-warehouse
    backups: datalyptica-backups
    apps: datalyptica-apps
  # The Secret holding the S3 keys, in the system namespace. Never put keys in this file.
  credentialsSecret:
    name: datalyptica-s3-credentials

images: {}
  # registry: registry.example.com/mirror   # a mirror for disconnected clusters
  # pullSecrets: [mirror-pull-secret]

secrets:
  # files: \`datalyptica secrets generate\` writes them to a git-ignored folder and deploy applies them.
  mode: files

# Per component: enabled, replicas, resources, storage, image, version, namespace, and its own keys.
components: {}
  # nessie:
  #   replicas: 3
  # trino:
  #   resources: { limits: { memory: 64Gi } }
`;
}
