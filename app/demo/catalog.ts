/**
 * Deterministic demo data: candidates, achievements with real framework alignments, and which candidate
 * holds which achievements. Same output on every run, so seeds, screenshots and tests are stable.
 *
 * Identifiers: ESCO skill URIs are used only for concepts whose URI was confirmed (Python, Java,
 * JavaScript, SQL, machine learning, data analytics); O*NET-SOC 2019 occupation codes link to O*NET OnLine;
 * everything else is a name-only alignment on the reserved example.org domain, never an invented official id.
 */

import { seededRandom } from "./seeded-random";

export interface DemoAlignment {
  targetName: string;
  targetUrl: string;
  targetCode?: string;
  targetFramework?: string;
  targetType?: string;
  targetDescription?: string;
}

export interface DemoAchievement {
  /** Stable slug, also the last path segment of the achievement id. */
  slug: string;
  /** Stable achievement id written into credentials. */
  id: string;
  name: string;
  description: string;
  achievementType: string;
  alignments: DemoAlignment[];
}

export type DemoTrack =
  | "data"
  | "software"
  | "web"
  | "security"
  | "cloud"
  | "project"
  | "welding"
  | "electrical"
  | "nursing"
  | "service"
  | "finance";

export interface DemoCandidate {
  /** Stable id, "demo-candidate-01" … */
  id: string;
  name: string;
  email: string;
  headline: string;
  location: string;
  track: DemoTrack;
}

const ESCO = "ESCO";
const ONET = "O*NET-SOC 2019";
const DEMO_FRAMEWORK = "Attest demo skills";

const esco = (targetName: string, uuid: string): DemoAlignment => ({
  targetName,
  targetUrl: `http://data.europa.eu/esco/skill/${uuid}`,
  targetFramework: ESCO,
});
const onet = (targetName: string, code: string): DemoAlignment => ({
  targetName,
  targetUrl: `https://www.onetonline.org/link/summary/${code}`,
  targetCode: code,
  targetFramework: ONET,
});
const named = (targetName: string, slug: string): DemoAlignment => ({
  targetName,
  targetUrl: `https://skills.example.org/${slug}`,
  targetFramework: DEMO_FRAMEWORK,
});

const achievement = (
  slug: string,
  name: string,
  achievementType: string,
  description: string,
  alignments: DemoAlignment[],
): DemoAchievement => ({
  slug,
  id: `https://demo.attest.example.org/achievements/${slug}`,
  name,
  description,
  achievementType,
  alignments,
});

export const DEMO_ACHIEVEMENTS: readonly DemoAchievement[] = [
  achievement(
    "python-programming",
    "Python Programming",
    "Competency",
    "Writes, tests and debugs Python programs, including data structures, modules and packaging.",
    [
      esco("Python (computer programming)", "ccd0a1d9-afda-43d9-b901-96344886e14d"),
      onet("Software Developers", "15-1252.00"),
    ],
  ),
  achievement(
    "sql-for-analysis",
    "SQL for Data Analysis",
    "Competency",
    "Queries relational databases with SQL: joins, aggregation, window functions and query tuning.",
    [esco("SQL", "598de5b0-5b58-4ea7-8058-a4bc4d18c742"), onet("Database Administrators", "15-1242.00")],
  ),
  achievement(
    "data-analytics",
    "Data Analytics Certificate",
    "Certificate",
    "Cleans, analyses and visualises data sets and communicates findings to stakeholders.",
    [
      esco("data analytics", "97bd1c21-66b2-4b7e-ad0f-e3cda590e378"),
      onet("Data Scientists", "15-2051.00"),
      named("Data visualisation", "data-visualisation"),
    ],
  ),
  achievement(
    "applied-machine-learning",
    "Applied Machine Learning",
    "Competency",
    "Trains, evaluates and deploys supervised and unsupervised machine learning models.",
    [
      esco("machine learning", "3a2d5b45-56e4-4f5a-a55a-4a4a65afdc43"),
      esco("Python (computer programming)", "ccd0a1d9-afda-43d9-b901-96344886e14d"),
      onet("Data Scientists", "15-2051.00"),
    ],
  ),
  achievement(
    "javascript-web-development",
    "JavaScript Web Development",
    "Badge",
    "Builds accessible, responsive web applications with JavaScript, HTML and CSS.",
    [esco("JavaScript", "3cd569a2-4f88-4c1e-9995-8dce8c5e51a7"), onet("Web Developers", "15-1254.00")],
  ),
  achievement(
    "java-programming",
    "Java Programming",
    "Competency",
    "Designs and implements object-oriented applications in Java with automated tests.",
    [
      esco("Java (computer programming)", "19a8293b-8e95-4de3-983f-77484079c389"),
      onet("Software Developers", "15-1252.00"),
    ],
  ),
  achievement(
    "cloud-computing-foundations",
    "Cloud Computing Foundations",
    "Certificate",
    "Deploys and operates applications on public cloud infrastructure with attention to cost and security.",
    [
      named("Cloud computing", "cloud-computing"),
      named("Infrastructure as code", "infrastructure-as-code"),
      onet("Network and Computer Systems Administrators", "15-1244.00"),
    ],
  ),
  achievement(
    "cybersecurity-essentials",
    "Cybersecurity Essentials",
    "Certificate",
    "Identifies threats, hardens systems and responds to security incidents following an incident plan.",
    [
      named("Network security", "network-security"),
      named("Incident response", "incident-response"),
      onet("Information Security Analysts", "15-1212.00"),
    ],
  ),
  achievement(
    "project-management-practice",
    "Project Management Practice",
    "Certificate",
    "Plans, schedules and delivers projects, managing scope, risk, budget and stakeholders.",
    [
      named("Project management", "project-management"),
      named("Risk management", "risk-management"),
      onet("Project Management Specialists", "13-1082.00"),
    ],
  ),
  achievement(
    "structural-welding",
    "Structural Welding",
    "Certification",
    "Produces sound fillet and groove welds with MIG and stick processes, following safety procedures.",
    [
      named("Gas metal arc welding", "gas-metal-arc-welding"),
      named("Shielded metal arc welding", "shielded-metal-arc-welding"),
      onet("Welders, Cutters, Solderers, and Brazers", "51-4121.00"),
    ],
  ),
  achievement(
    "residential-electrical-installation",
    "Residential Electrical Installation",
    "Certificate",
    "Installs and tests residential wiring, circuits and protective devices to code.",
    [named("Electrical wiring", "electrical-wiring"), onet("Electricians", "47-2111.00")],
  ),
  achievement(
    "clinical-nursing-skills",
    "Clinical Nursing Skills",
    "Competency",
    "Assesses patients, administers medication safely and documents care in a clinical setting.",
    [
      named("Patient assessment", "patient-assessment"),
      named("Medication administration", "medication-administration"),
      onet("Registered Nurses", "29-1141.00"),
    ],
  ),
  achievement(
    "customer-service-excellence",
    "Customer Service Excellence",
    "Badge",
    "Resolves customer enquiries and complaints courteously across phone, chat and email.",
    [
      named("Customer service", "customer-service"),
      named("Conflict resolution", "conflict-resolution"),
      onet("Customer Service Representatives", "43-4051.00"),
    ],
  ),
  achievement(
    "financial-accounting",
    "Financial Accounting Fundamentals",
    "Course",
    "Records transactions, prepares financial statements and reconciles accounts.",
    [
      named("Bookkeeping", "bookkeeping"),
      named("Financial reporting", "financial-reporting"),
      onet("Accountants and Auditors", "13-2011.00"),
    ],
  ),
  achievement(
    "teamwork",
    "Teamwork",
    "Competency",
    "Collaborates effectively in a team: shares information, gives and receives feedback, meets commitments.",
    [],
  ),
];

type CandidateRow = [name: string, track: DemoTrack, headline: string, location: string];

const CANDIDATE_ROWS: CandidateRow[] = [
  ["Amara Okafor", "data", "Data analyst turning messy spreadsheets into decisions", "Leeds, UK"],
  ["Lucas Ferreira", "software", "Backend developer, Python and Java", "Porto, Portugal"],
  ["Mei Lin Chen", "data", "Junior data scientist with a statistics background", "Vancouver, Canada"],
  ["Jamal Washington", "security", "SOC analyst moving into incident response", "Atlanta, USA"],
  ["Sofia Rossi", "web", "Front-end developer who cares about accessibility", "Milan, Italy"],
  ["Tomasz Nowak", "welding", "Structural welder, eight years on bridges and steel frames", "Gdańsk, Poland"],
  ["Priya Raghunathan", "project", "Project coordinator for hospital IT roll-outs", "Bengaluru, India"],
  ["Grace Mensah", "nursing", "Registered nurse, acute medical ward", "Accra, Ghana"],
  ["Daniel Kim", "cloud", "Systems administrator learning cloud infrastructure", "Seoul, South Korea"],
  ["Fatima Al-Sayed", "finance", "Accounts assistant studying for professional exams", "Dubai, UAE"],
  ["Oliver Schmidt", "software", "Java developer in logistics software", "Hamburg, Germany"],
  ["Chloé Martin", "service", "Customer support lead for a subscription business", "Lyon, France"],
  ["Mateo García", "electrical", "Apprentice electrician, residential installations", "Valencia, Spain"],
  ["Aisha Bello", "data", "Operations analyst with SQL and dashboards", "Lagos, Nigeria"],
  ["Ethan Walker", "security", "IT generalist pursuing a security career", "Denver, USA"],
  ["Hana Suzuki", "web", "UX-minded JavaScript developer", "Osaka, Japan"],
  ["Liam O'Connor", "welding", "MIG and stick welder, shipyard experience", "Cork, Ireland"],
  ["Zanele Dlamini", "nursing", "Community nurse, chronic disease management", "Durban, South Africa"],
  ["Noah Fischer", "cloud", "DevOps engineer automating deployments", "Zürich, Switzerland"],
  ["Isabella Costa", "project", "Agile delivery manager in fintech", "São Paulo, Brazil"],
  ["Arjun Mehta", "software", "Full-stack developer, Python and JavaScript", "Pune, India"],
  ["Emily Johnson", "service", "Call centre agent with top satisfaction scores", "Columbus, USA"],
  ["Kwame Asante", "finance", "Bookkeeper for small businesses", "Kumasi, Ghana"],
  ["Yasmin Haddad", "data", "Marketing analyst learning machine learning", "Beirut, Lebanon"],
  ["Jakub Dvořák", "electrical", "Electrician specialising in home renovations", "Brno, Czechia"],
  ["Elena Popescu", "security", "Network engineer with a security focus", "Bucharest, Romania"],
  ["Samuel Adeyemi", "cloud", "Cloud support engineer", "Manchester, UK"],
  ["Nora Lindqvist", "project", "Construction project planner", "Gothenburg, Sweden"],
  ["Diego Hernández", "welding", "Pipe welder retraining as a welding inspector", "Monterrey, Mexico"],
  ["Aaliyah Brooks", "nursing", "Paediatric nurse and clinical preceptor", "Chicago, USA"],
  ["Ravi Shankar", "data", "Business intelligence developer", "Chennai, India"],
  ["Julia Nowicka", "web", "Web developer for non-profits", "Kraków, Poland"],
  ["Ahmed Hassan", "software", "Software engineer, Java microservices", "Cairo, Egypt"],
  ["Charlotte Evans", "service", "Customer success manager, B2B software", "Bristol, UK"],
  ["Kenji Watanabe", "cloud", "Infrastructure engineer moving to the cloud", "Tokyo, Japan"],
  ["Maria Ivanova", "finance", "Junior accountant, audit support", "Sofia, Bulgaria"],
  ["Tariq Rahman", "security", "Penetration testing trainee", "Dhaka, Bangladesh"],
  ["Lucía Fernández", "data", "Data engineer building SQL pipelines", "Buenos Aires, Argentina"],
  ["Benjamin Cohen", "project", "IT project manager, public sector", "Tel Aviv, Israel"],
  ["Ngozi Eze", "nursing", "Theatre nurse returning to practice", "Enugu, Nigeria"],
  ["Henrik Larsen", "electrical", "Electrical installer, solar and residential", "Aarhus, Denmark"],
  ["Camila Rojas", "web", "Junior front-end developer, bootcamp graduate", "Santiago, Chile"],
  ["Omar Farouk", "welding", "Fabrication welder, structural steel", "Casablanca, Morocco"],
  ["Sarah Thompson", "software", "Career changer from teaching to software development", "Melbourne, Australia"],
  ["Wei Zhang", "data", "Machine learning engineer, recommender systems", "Singapore"],
  ["Ana Silva", "service", "Bilingual customer service representative", "Lisbon, Portugal"],
  ["Patrick Mwangi", "cloud", "Cloud and network administrator", "Nairobi, Kenya"],
  ["Ingrid Johansson", "finance", "Finance officer for a housing association", "Uppsala, Sweden"],
  ["Victor Dubois", "security", "Security analyst in a managed services provider", "Brussels, Belgium"],
  ["Leila Moradi", "project", "Programme coordinator, digital transformation", "Toronto, Canada"],
];

function toEmail(name: string): string {
  const ascii = name
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z\s-]/g, "")
    .trim()
    .split(/[\s-]+/);
  return `${ascii.join(".")}@example.com`;
}

export const DEMO_CANDIDATES: readonly DemoCandidate[] = CANDIDATE_ROWS.map(([name, track, headline, location], i) => ({
  id: `demo-candidate-${String(i + 1).padStart(2, "0")}`,
  name,
  email: toEmail(name),
  headline,
  location,
  track,
}));

/** For each track: its main achievement first, then related ones a candidate may also hold. */
const TRACK_ACHIEVEMENTS: Record<DemoTrack, string[]> = {
  data: ["data-analytics", "sql-for-analysis", "python-programming", "applied-machine-learning", "teamwork"],
  software: ["python-programming", "java-programming", "javascript-web-development", "sql-for-analysis", "teamwork"],
  web: ["javascript-web-development", "teamwork", "cloud-computing-foundations"],
  security: ["cybersecurity-essentials", "cloud-computing-foundations", "python-programming"],
  cloud: ["cloud-computing-foundations", "cybersecurity-essentials", "python-programming"],
  project: ["project-management-practice", "teamwork", "data-analytics"],
  welding: ["structural-welding", "teamwork"],
  electrical: ["residential-electrical-installation", "teamwork"],
  nursing: ["clinical-nursing-skills", "teamwork", "customer-service-excellence"],
  service: ["customer-service-excellence", "teamwork", "project-management-practice"],
  finance: ["financial-accounting", "sql-for-analysis", "data-analytics"],
};

export interface DemoAssignment {
  candidateId: string;
  /** Achievement slugs, 1–3 per candidate, the track's main achievement first. */
  achievementSlugs: string[];
}

/** Which demo achievements each demo candidate holds: deterministic, 1–3 each. */
export function assignDemoAchievements(seed = 2024): DemoAssignment[] {
  const random = seededRandom(seed);
  return DEMO_CANDIDATES.map((candidate) => {
    const [main, ...related] = TRACK_ACHIEVEMENTS[candidate.track];
    const count = 1 + Math.floor(random() * 3);
    const pool = [...related];
    const chosen = [main as string];
    while (chosen.length < count && pool.length > 0) {
      const [pick] = pool.splice(Math.floor(random() * pool.length), 1);
      if (pick) chosen.push(pick);
    }
    return { candidateId: candidate.id, achievementSlugs: chosen };
  });
}

export function getDemoAchievement(slug: string): DemoAchievement | null {
  return DEMO_ACHIEVEMENTS.find((a) => a.slug === slug) ?? null;
}
