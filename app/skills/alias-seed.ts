/**
 * The aliases every installation starts with (`seedAliases`). Framework keys are used only where the demo
 * catalog (app/demo/catalog.ts) already uses a confirmed ESCO skill URI: Python, Java, JavaScript, SQL, machine
 * learning and data analytics. Everything else maps to a "name:" key — the key a credential that spells the
 * skill out in full gets — so no official identifier is ever invented here. Ambiguous abbreviations ("pm",
 * "node", "go", "hr", "ai") are left out on purpose: an alias applies to every credential that uses the text.
 */
import type { AliasSource } from "./aliases";
import { normalizeSkillText } from "./normalize";

export interface SeedAlias {
  /** Written naturally; normalised with normalizeSkillText when stored. */
  text: string;
  key: string;
  label: string;
}

const JAVASCRIPT = { key: "esco:3cd569a2-4f88-4c1e-9995-8dce8c5e51a7", label: "JavaScript" };
const PYTHON = { key: "esco:ccd0a1d9-afda-43d9-b901-96344886e14d", label: "Python (computer programming)" };
const JAVA = { key: "esco:19a8293b-8e95-4de3-983f-77484079c389", label: "Java (computer programming)" };
const SQL = { key: "esco:598de5b0-5b58-4ea7-8058-a4bc4d18c742", label: "SQL" };
const MACHINE_LEARNING = { key: "esco:3a2d5b45-56e4-4f5a-a55a-4a4a65afdc43", label: "machine learning" };
const DATA_ANALYTICS = { key: "esco:97bd1c21-66b2-4b7e-ad0f-e3cda590e378", label: "data analytics" };

const named = (label: string) => ({ key: `name:${normalizeSkillText(label)}`, label });

const GROUPS: Array<[target: { key: string; label: string }, texts: string[]]> = [
  [JAVASCRIPT, ["js", "javascript", "java script", "ecmascript", "vanilla js", "es6"]],
  [PYTHON, ["py", "python", "python3", "python 3", "python programming", "python (computer programming)"]],
  [JAVA, ["java", "java programming", "core java", "java (computer programming)"]],
  [SQL, ["sql", "structured query language", "ansi sql", "sql programming", "sql queries"]],
  [MACHINE_LEARNING, ["ml", "machine learning"]],
  [DATA_ANALYTICS, ["data analytics", "data analysis"]],
  [named("Project management"), ["project mgmt", "proj mgmt", "project mgt"]],
  [named("cardiopulmonary resuscitation"), ["cpr", "cardio pulmonary resuscitation"]],
  [named("basic life support"), ["bls"]],
  [named("advanced cardiovascular life support"), ["acls"]],
  [named("pediatric advanced life support"), ["pals"]],
  [named("Microsoft Excel"), ["ms excel", "excel"]],
  [named("Microsoft Word"), ["ms word"]],
  [named("Microsoft PowerPoint"), ["ms powerpoint", "powerpoint"]],
  [named("Microsoft Office"), ["ms office"]],
  [named("C#"), ["c sharp", "csharp"]],
  [named("C++"), ["cpp", "c plus plus"]],
  [named("Node.js"), ["nodejs"]],
  [named("React"), ["reactjs", "react.js"]],
  [named("Kubernetes"), ["k8s"]],
  [named("Amazon Web Services"), ["aws"]],
  [named("Google Cloud Platform"), ["gcp"]],
  [named("Microsoft Azure"), ["azure", "ms azure"]],
  [named("continuous integration and continuous delivery"), ["ci/cd", "cicd"]],
  [named("user experience design"), ["ux design", "ux"]],
  [named("search engine optimisation"), ["seo", "search engine optimization"]],
  [named("customer relationship management"), ["crm"]],
  [named("natural language processing"), ["nlp"]],
  [named("object-oriented programming"), ["oop"]],
  [named("computer-aided design"), ["cad"]],
  [named("gas metal arc welding"), ["gmaw", "mig welding"]],
  [named("shielded metal arc welding"), ["smaw", "stick welding"]],
  [named("gas tungsten arc welding"), ["gtaw", "tig welding"]],
  [named("infrastructure as code"), ["iac"]],
  [named("data visualisation"), ["data visualization", "dataviz", "data viz"]],
  [named("cybersecurity"), ["cyber security"]],
];

/** About sixty common aliases; `seedAliases` stores them with source "seed" and never overwrites an edit. */
export const SEED_ALIASES: readonly SeedAlias[] = GROUPS.flatMap(([target, texts]) =>
  texts.map((text) => ({ text, ...target })),
);

export const SEED_SOURCE: AliasSource = "seed";
