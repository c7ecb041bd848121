/**
 * Where the public example models come from: repositories of Camunda and its community with
 * Camunda 8 models written by others, each pinned to a commit. The files themselves (path and git
 * blob id per file) are listed in manifest.json, written by `npm run models:fetch -- --update-manifest`.
 *
 * License: the models are read as test input only; they are fetched into an ignored folder and
 * never committed or shipped. Each source's license is noted below.
 */

export interface Source {
  /** GitHub owner/name. */
  repo: string;
  commit: string;
  /** Commit date, for the reader. */
  date: string;
  license: string;
  /** Path prefixes left out (e.g. a model copied verbatim into a second folder of the same repo). */
  exclude?: string[];
}

export const SOURCES: Source[] = [
  {
    repo: 'camunda/camunda-8-get-started',
    commit: '2e4b256bd11d5fa8edd865a82cea1221c3821723',
    date: '2026-04-13',
    license: 'no license file (Camunda, public getting-started guide)',
  },
  {
    repo: 'camunda/camunda-platform-get-started',
    commit: '2299c3a758da9b580107777aef3265c477474040',
    date: '2026-02-05',
    license: 'Apache-2.0',
  },
  {
    repo: 'camunda/camunda-8-get-started-spring',
    commit: 'b5a5190073a870206c7878b85e5257e843c7cdb3',
    date: '2025-07-11',
    license: 'Apache-2.0',
  },
  {
    repo: 'camunda/camunda-8-tutorials',
    commit: '55915e462545d7b2ddcb0d36bf08f100cab08857',
    date: '2026-05-11',
    license: 'no license file (Camunda, public tutorials and blueprints; solutions/bank-ai-loan-approval has its own LICENSE)',
  },
  {
    repo: 'camunda/camunda-8-js-sdk',
    commit: 'f8be514bc296dc11bace7194be4cc83dd9d76b7e',
    date: '2026-07-16',
    license: 'Apache-2.0',
  },
  {
    repo: 'camunda/connectors',
    commit: '9b30630f5cacce76db089e7780b6aeecc032baec',
    date: '2026-08-07',
    license:
      'multi-license: runtime and SDK Apache-2.0, out-of-the-box connectors (agentic-ai examples) Camunda License 1.0 (proprietary); read as test input only',
  },
  {
    repo: 'camunda/zeebe-process-test',
    commit: '263d1e4c141df74a55cc1c85659659bf54d7e50a',
    date: '2026-07-02',
    license: 'Apache-2.0, some parts Zeebe Community License 1.1',
  },
  {
    repo: 'camunda/zeebe-chaos',
    commit: '31766bfba9f8ff936dee4a8433b370c11341e994',
    date: '2026-08-20',
    license: 'Apache-2.0',
  },
  {
    repo: 'camunda-community-hub/camunda-8-examples',
    commit: '376df93d5bac6a6db519e90cf9c5b96d23a69a38',
    date: '2026-08-17',
    license: 'no license file at the root (Camunda Community Hub)',
  },
  {
    repo: 'camunda-community-hub/camunda-8-benchmark',
    commit: '1e4708ae6f798ce3943fe8d68fdb6cd8e0bc008b',
    date: '2026-08-22',
    license: 'Apache-2.0',
  },
  {
    repo: 'camunda-community-hub/camunda-8-lowcode-ui-template',
    commit: 'b0d84a7ff1d31108204bdac37b9b929550b5f46b',
    date: '2024-10-22',
    license: 'no license file (Camunda Community Hub)',
  },
  {
    repo: 'camunda-community-hub/camunda-8-process-solution-template',
    commit: 'c2b5b15d0a2138449ec493d6b940a1a12c21ca37',
    date: '2026-05-19',
    license: 'no license file (Camunda Community Hub)',
  },
  {
    repo: 'camunda-consulting/camunda-8-code-examples',
    commit: '46532f80c49d2275d2e60d99ea26f35db49053ab',
    date: '2024-02-05',
    license: 'no license file (Camunda Consulting)',
  },
  {
    repo: 'berndruecker/ticket-booking-camunda-8',
    commit: 'f85861b8eff337c80ed70066e5d8171886c59658',
    date: '2023-02-13',
    license: 'MIT',
  },
  {
    repo: 'berndruecker/customer-onboarding-camunda-8-springboot',
    commit: 'cd15f064aed66b52eed2e1be42d68a45d9195aa4',
    date: '2023-11-08',
    license: 'Apache-2.0',
  },
];
