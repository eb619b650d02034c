// The import rules of src/ (docs/contributing.md explains the layers). Checked by
// test/architecture/dependencies.test.ts through dependency-cruiser's API; type-only imports count.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'An import loop couples every file on it: split the shared part into a lower file.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'model-is-the-bottom',
      comment: 'src/model holds shared types only: it imports nothing but model (config completes its PlatformSettings and ComponentOptions by declaration merging).',
      severity: 'error',
      from: { path: '^src/model/' },
      to: { path: '^src/', pathNot: '^src/model/' },
    },
    {
      name: 'config-reads-only-the-registry',
      comment: 'src/config is the user config; only schema.ts composes the components block, from the registry.',
      severity: 'error',
      from: { path: '^src/config/' },
      to: { path: '^src/', pathNot: ['^src/config/', '^src/model/', '^src/errors\\.ts$', '^src/components/registry\\.ts$'] },
    },
    {
      name: 'only-config-schema-composes',
      comment: 'Within config, only schema.ts may import the registry (settings.ts must stay below the components).',
      severity: 'error',
      from: { path: '^src/config/', pathNot: '^src/config/schema\\.ts$' },
      to: { path: '^src/components/' },
    },
    {
      name: 'kinds-are-pure-data',
      comment: 'src/kinds is pure data and pure functions about Kubernetes kinds: model types only, no I/O.',
      severity: 'error',
      from: { path: '^src/kinds/' },
      to: { pathNot: ['^src/kinds/', '^src/model/'] },
    },
    {
      name: 'components-are-pure-builds',
      comment: 'A component builds objects and declarations from its context; it never assembles, renders, checks or talks to a cluster.',
      severity: 'error',
      from: { path: '^src/components/' },
      to: {
        path: [
          '^src/(render|check|cluster|cli|secrets)/',
          '^src/platform/(assemble|deploy-graph|platform)\\.ts$',
          '^src/platform/secrets/',
          '^src/platform/derive/',
          '^src/config/schema\\.ts$',
          '^src/index\\.ts$',
        ],
      },
    },
    {
      name: 'platform-reads-declarations-not-components',
      comment: 'The platform derives from what components declare; only assemble.ts reads the registry.',
      severity: 'error',
      from: { path: '^src/platform/', pathNot: '^src/platform/assemble\\.ts$' },
      to: { path: '^src/components/' },
    },
    {
      name: 'platform-assembles-from-the-registry-only',
      severity: 'error',
      from: { path: '^src/platform/assemble\\.ts$' },
      to: { path: '^src/components/', pathNot: '^src/components/registry\\.ts$' },
    },
    {
      name: 'platform-is-pure',
      comment: 'Render is pure: the secrets plan and backends live in platform/secrets; src/secrets (which reads and writes files) is above the platform.',
      severity: 'error',
      from: { path: '^src/platform/' },
      to: { path: '^src/(render|check|cluster|cli|secrets)/' },
    },
    {
      name: 'platform-has-no-io',
      comment: 'Building and rendering are pure; only write-tree.ts writes the rendered tree to disk.',
      severity: 'error',
      from: { path: '^src/(platform|components|model|kinds|render)/', pathNot: '^src/render/write-tree\\.ts$' },
      to: { dependencyTypes: ['core'], path: '^(node:)?(fs|child_process|net|http|https|os)$' },
    },
    {
      name: 'render-and-check-are-offline',
      comment: 'Only src/cluster talks to the Kubernetes API.',
      severity: 'error',
      from: { path: '^src/(render|check|secrets|platform|components|model|config|kinds)/' },
      to: { path: ['^src/cluster/', '@kubernetes/client-node'] },
    },
    {
      name: 'cluster-reads-declarations-not-components',
      severity: 'error',
      from: { path: '^src/cluster/' },
      to: { path: '^src/components/' },
    },
    {
      name: 'library-never-imports-the-cli',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/cli/' },
      to: { path: '^src/cli/' },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^node_modules', '\\.d\\.ts$'] },
    moduleSystems: ['es6', 'cjs'],
  },
};
