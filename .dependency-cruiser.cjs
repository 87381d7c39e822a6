/**
 * The dependency rule (docs/architecture.md), checked by `npm run lint`. Biome's import restrictions
 * catch frameworks in the wrong place at edit time; this checks how the rooms depend on each other.
 */
const features =
  "^src/(plans|members|reporting|status|schedule|outbox|coordination|goals|documents|playground)/";
const adapters = "^src/(bot|db|feishu|wiring|entry)/|^src/config\\.ts$";

module.exports = {
  forbidden: [
    {
      name: "no-cycles",
      comment: "A cycle means two modules can't be understood (or moved) apart.",
      severity: "error",
      from: { path: "^src/" },
      to: { circular: true, dependencyTypesNot: ["type-only"] },
    },
    {
      name: "domain-is-pure",
      comment: "src/domain holds the rules: it imports nothing outside itself.",
      severity: "error",
      from: { path: "^src/domain/" },
      to: { pathNot: "^src/domain/", dependencyTypesNot: ["npm", "core"] },
    },
    {
      name: "domain-no-io",
      comment: "src/domain is pure: no frameworks, drivers or Node's I/O.",
      severity: "error",
      from: { path: "^src/domain/" },
      to: {
        path: "(hono|drizzle-orm|postgres|@larksuiteoapi|@electric-sql|exceljs|docx|pino|node:fs|node:net|node:http)",
      },
    },
    {
      name: "kernel-below-features",
      comment: "src/kernel is shared by every room; it depends only on the domain.",
      severity: "error",
      from: { path: "^src/kernel/" },
      to: { pathNot: "^src/(kernel|domain)/", dependencyTypesNot: ["npm", "core"] },
    },
    {
      name: "features-not-on-adapters",
      comment: "A feature room talks through ports; the bot, Feishu, the database and the wiring come to it.",
      severity: "error",
      from: { path: features },
      to: { path: adapters },
    },
    {
      name: "bot-not-on-adapters",
      comment:
        "The bot replies through its context and the rooms' services, never to Feishu or the database.",
      severity: "error",
      from: { path: "^src/bot/" },
      to: { path: "^src/(db|feishu|wiring|entry)/|^src/config\\.ts$" },
    },
    {
      name: "db-implements-ports",
      comment:
        "src/db implements the rooms' ports: it may read their types and pure rules, not their services.",
      severity: "error",
      from: { path: "^src/db/" },
      to: {
        path: features,
        pathNot: "/domain/|^src/outbox/items\\.ts$|^src/status/bulletins/draft\\.ts$",
        dependencyTypesNot: ["type-only"],
      },
    },
    {
      name: "db-not-on-upper-layers",
      severity: "error",
      from: { path: "^src/db/" },
      to: { path: "^src/(bot|feishu|wiring|entry)/" },
    },
    {
      name: "only-feishu-knows-feishu",
      severity: "error",
      from: { pathNot: "^src/(feishu|entry)/" },
      to: { path: "@larksuiteoapi" },
    },
    {
      name: "entry-is-last",
      comment: "Nothing imports a process entry.",
      severity: "error",
      from: { pathNot: "^src/entry/" },
      to: { path: "^src/entry/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default"],
    },
    exclude: { path: "^(test|bench|dist)/" },
  },
};
