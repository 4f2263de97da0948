"""Building blocks for the job board's fictional demo roles, combined by jobs/demo.py."""

DISCIPLINES = {
    "backend": {
        "titles": [
            "Backend Engineer",
            "Software Engineer, Backend",
            "API Engineer",
            "Distributed Systems Engineer",
        ],
        "teams": [
            "Payments",
            "Search",
            "Identity",
            "Notifications",
            "Billing",
            "Core API",
        ],
        "team_blurbs": [
            (
                "The {team} team at {company} owns a handful of Go and Python services that sit "
                "on the critical path of every customer request. At peak they handle around "
                "30,000 requests per second, and the team holds itself to a 99.95% availability "
                "target with an error budget it actually spends."
            ),
            (
                "At {company}, {team} is a backend team of six engineers running services on "
                "PostgreSQL and Kafka. The team ships to production several times a day behind "
                "feature flags, and everyone takes a turn on a quiet, well-documented on-call "
                "rotation."
            ),
            (
                "{team} builds the APIs that {company}'s web and mobile apps, and thousands of "
                "external developers, depend on. Because other people's code calls these "
                "endpoints, the team cares about versioning, clear error messages and never "
                "breaking a contract without a migration path."
            ),
            (
                "The {team} team at {company} is carving well-defined services out of a large, "
                "ten-year-old monolith. The goal isn't microservices for their own sake: it's "
                "letting teams deploy independently and making the slowest database queries "
                "somebody's explicit responsibility."
            ),
        ],
        "stack": [
            "Go",
            "Python",
            "PostgreSQL",
            "Redis",
            "Kafka",
            "gRPC",
            "Kubernetes",
            "OpenTelemetry",
        ],
        "work": [
            "Design and build APIs used by our web and mobile clients and by external partners.",
            "Model data in PostgreSQL and plan zero-downtime schema migrations on large tables.",
            "Move slow, synchronous work onto Kafka consumers with retries and idempotency keys.",
            "Track down p99 latency regressions using traces, query plans and profiles.",
            "Write integration tests that exercise real databases and queues, not just mocks.",
            "Split responsibilities out of the monolith into services with clear ownership.",
            "Add rate limiting, caching and backpressure so traffic spikes don't cause incidents.",
            "Write the runbooks and dashboards you'd want when you're paged at 3 a.m.",
        ],
    },
    "frontend": {
        "titles": [
            "Frontend Engineer",
            "Software Engineer, Frontend",
            "UI Engineer",
            "Web Engineer",
        ],
        "teams": [
            "Design Systems",
            "Checkout",
            "Onboarding",
            "Editor",
            "Dashboard",
            "Web Performance",
        ],
        "team_blurbs": [
            (
                "The {team} team at {company} builds the parts of our web app that customers "
                "spend most of their day in. It's a TypeScript and React codebase of roughly "
                "400,000 lines, and the team treats accessibility and load time as features "
                "rather than afterthoughts."
            ),
            (
                "{team} works closely with product designers to turn rough ideas into polished, "
                "usable interfaces. At {company}, engineers and designers share one component "
                "library and review each other's work, so what ships looks like what was "
                "designed."
            ),
            (
                "At {company}, {team} owns a surface used by more than two million people a "
                "month, many of them on slow phones and patchy connections. The team measures "
                "Core Web Vitals on every release and has a budget for JavaScript bundle size "
                "that it enforces in CI."
            ),
            (
                "The {team} team at {company} is moving an older single-page app to server "
                "rendering, one route at a time. Along the way it is replacing ad-hoc state "
                "management with a small set of patterns the whole frontend guild agrees on."
            ),
        ],
        "stack": [
            "TypeScript",
            "React",
            "Next.js",
            "Vite",
            "CSS Modules",
            "Storybook",
            "Playwright",
            "Vitest",
        ],
        "work": [
            "Build accessible, responsive interfaces and push back on designs that don't fit.",
            "Grow and maintain a shared component library documented in Storybook.",
            "Cut bundle size and time to interactive by measuring first and optimising second.",
            "Write end-to-end tests in Playwright for the flows that make the business money.",
            "Migrate legacy class components and global state to modern, typed patterns.",
            "Audit pages for keyboard navigation, screen reader support and colour contrast.",
            "Work with backend engineers to shape APIs around what the interface needs.",
            "Instrument the UI so product decisions rest on real usage rather than guesses.",
        ],
    },
    "full-stack": {
        "titles": [
            "Full-Stack Engineer",
            "Software Engineer, Full Stack",
            "Product Engineer",
        ],
        "teams": [
            "Growth",
            "Onboarding",
            "Collaboration",
            "Admin Tools",
            "Integrations",
            "Reporting",
        ],
        "team_blurbs": [
            (
                "The {team} team at {company} is a small, cross-functional product team: four "
                "engineers, a designer and a product manager. Engineers own features end to end, "
                "from the database migration to the empty-state copy."
            ),
            (
                "{team} ships weekly experiments to the tens of thousands of teams that use "
                "{company} every day. Most ideas are tested behind a flag with a clear success "
                "metric, and the ones that don't move the number get deleted."
            ),
            (
                "At {company}, {team} builds the workflows that administrators and power users "
                "rely on. The work spans a Django backend, a React frontend and a growing set "
                "of background jobs, so you'll rarely be blocked waiting on another team."
            ),
            (
                "The {team} team at {company} talks to customers every week and turns what it "
                "hears into shipped product. The team values small pull requests, fast review "
                "and releasing to a handful of customers before releasing to everyone."
            ),
        ],
        "stack": [
            "TypeScript",
            "React",
            "Node.js",
            "Python",
            "Django",
            "PostgreSQL",
            "GraphQL",
            "Redis",
        ],
        "work": [
            "Ship features end to end, from schema design to the last pixel of the interface.",
            "Run A/B experiments and read the results honestly, including the disappointing ones.",
            "Join customer calls to understand the problem before writing any code.",
            "Build background jobs for imports, exports and scheduled reports.",
            "Extend our GraphQL schema without breaking the clients that already depend on it.",
            "Keep the codebase healthy by deleting dead features and flags after experiments end.",
            "Pair with designers on interaction details, including empty and error states.",
            "Review teammates' pull requests across both the frontend and the backend.",
        ],
    },
    "infrastructure": {
        "titles": [
            "Site Reliability Engineer",
            "Infrastructure Engineer",
            "Production Engineer",
            "Cloud Engineer",
        ],
        "teams": [
            "Observability",
            "Compute",
            "Networking",
            "Storage",
            "Reliability",
            "Incident Response",
        ],
        "team_blurbs": [
            (
                "The {team} team at {company} keeps production running across three cloud "
                "regions and about 2,000 Kubernetes nodes. The team's job is to make the reliable "
                "path the easy path for the hundred or so engineers who deploy every day."
            ),
            (
                "{team} owns the shared infrastructure every service at {company} runs on, all "
                "of it defined in Terraform and reviewed like application code. The team "
                "measures itself on error budgets, time to recover and how rarely anyone has to "
                "file a ticket to get something done."
            ),
            (
                "At {company}, {team} runs a blameless incident process and takes the "
                "follow-up actions seriously. The on-call rotation is shared with product teams, "
                "and the team works hard to keep pages actionable and rare."
            ),
            (
                "The {team} team at {company} is halfway through moving from hand-managed "
                "virtual machines to containers on Kubernetes. The migration comes with a chance "
                "to rethink capacity planning, cost visibility and how services find each other."
            ),
        ],
        "stack": [
            "Kubernetes",
            "Terraform",
            "Prometheus",
            "Grafana",
            "Linux",
            "Go",
            "Envoy",
            "Ansible",
        ],
        "work": [
            "Define infrastructure as code in Terraform and review it like any other code.",
            "Operate and upgrade Kubernetes clusters without disrupting the services on them.",
            "Set service level objectives with product teams and alert on burn rate.",
            "Lead incident response and write clear, blameless post-incident reviews.",
            "Reduce cloud spend by right-sizing workloads and making costs visible per team.",
            "Automate toil: certificate rotation, node replacement and database failover drills.",
            "Build dashboards and tracing that help engineers debug their own services.",
            "Run game days and chaos experiments to find weaknesses before customers do.",
        ],
    },
    "data": {
        "titles": [
            "Data Engineer",
            "Analytics Engineer",
            "Software Engineer, Data Infrastructure",
        ],
        "teams": [
            "Data Platform",
            "Analytics",
            "Pipelines",
            "Data Quality",
            "Warehouse",
            "Experimentation",
        ],
        "team_blurbs": [
            (
                "The {team} team at {company} moves about four billion events a day from "
                "product services into the warehouse. Analysts, finance and machine learning "
                "teams all build on what the team produces, so correctness and freshness are "
                "both non-negotiable."
            ),
            (
                "{team} owns the batch and streaming pipelines behind every dashboard and "
                "report at {company}. The team writes its transformations in SQL and Python, "
                "tests them like application code and publishes clear contracts for each "
                "dataset."
            ),
            (
                "At {company}, {team} is replacing a tangle of nightly cron jobs with "
                "orchestrated, observable pipelines on an open table format. Part of the job is "
                "deciding what to delete: not every table that exists is one anyone still uses."
            ),
            (
                "The {team} team at {company} sits between data producers and data consumers "
                "and makes sure the two agree on what each field means. The team runs data "
                "quality checks on every load and pages a human only when something is actually "
                "wrong."
            ),
        ],
        "stack": [
            "Python",
            "SQL",
            "Apache Spark",
            "Apache Airflow",
            "dbt",
            "Kafka",
            "Apache Iceberg",
            "Trino",
        ],
        "work": [
            "Build and maintain batch and streaming pipelines that analysts and models rely on.",
            "Model data in dbt so that metrics mean the same thing in every dashboard.",
            "Add data quality checks and lineage so broken upstream changes are caught early.",
            "Tune Spark jobs and warehouse queries that have quietly become slow and expensive.",
            "Define data contracts with the product teams that emit events.",
            "Handle personal data carefully: retention, deletion requests and access controls.",
            "Migrate legacy cron scripts to orchestrated, retryable, observable workflows.",
            "Help analysts and data scientists get the datasets they need without waiting weeks.",
        ],
    },
    "ml": {
        "titles": [
            "Machine Learning Engineer",
            "ML Platform Engineer",
            "Applied ML Engineer",
        ],
        "teams": [
            "Ranking",
            "Recommendations",
            "Fraud Detection",
            "Model Serving",
            "Forecasting",
            "Feature Store",
        ],
        "team_blurbs": [
            (
                "The {team} team at {company} trains and serves models that make millions of "
                "predictions a day with a latency budget of about 50 milliseconds. The team "
                "cares as much about monitoring and rollback as it does about offline metrics."
            ),
            (
                "{team} is where {company}'s machine learning meets production. Engineers here "
                "own the full loop, from feature pipelines and training jobs to online "
                "experiments that decide whether a new model ships."
            ),
            (
                "At {company}, {team} builds the shared tooling that lets product teams train, "
                "evaluate and deploy models without reinventing the plumbing each time. The "
                "goal is to take a model from notebook to production in days rather than "
                "months."
            ),
            (
                "The {team} team at {company} works on problems where a wrong prediction has a "
                "real cost to a real customer. The team favours simple, well-understood models "
                "where they are good enough and reaches for deep learning only where it clearly "
                "pays off."
            ),
        ],
        "stack": [
            "Python",
            "PyTorch",
            "scikit-learn",
            "XGBoost",
            "Ray",
            "MLflow",
            "Feast",
            "Kubernetes",
        ],
        "work": [
            "Train, evaluate and ship models that improve a metric the business cares about.",
            "Build feature pipelines that compute the same values offline and online.",
            "Serve models behind low-latency APIs with canary releases and fast rollback.",
            "Design online experiments and interpret them alongside offline evaluation.",
            "Monitor models in production for drift, data quality issues and silent failures.",
            "Make training reproducible by versioning data, code and configuration together.",
            "Cut training and inference costs with batching, quantisation and better scheduling.",
            "Explain model behaviour to product managers, support teams and, sometimes, auditors.",
        ],
    },
    "mobile": {
        "titles": [
            "Mobile Engineer",
            "iOS Engineer",
            "Android Engineer",
            "Software Engineer, Mobile",
        ],
        "teams": [
            "Mobile Platform",
            "Checkout",
            "Messaging",
            "Onboarding",
            "Offline Sync",
            "Mobile Growth",
        ],
        "team_blurbs": [
            (
                "The {team} team at {company} builds for iOS and Android apps with a combined "
                "rating above 4.7 and around a million monthly users. The team ships a release "
                "every week and keeps the crash-free session rate above 99.9%."
            ),
            (
                "{team} owns native code in Swift and Kotlin and shares business logic where "
                "it makes sense to. At {company}, mobile engineers work in the same squads as "
                "web and backend engineers, so features launch on every platform together."
            ),
            (
                "At {company}, {team} designs for people who open the app on a train with one "
                "bar of signal. Offline support, fast cold starts and careful battery use are "
                "part of the definition of done, not polish for later."
            ),
            (
                "The {team} team at {company} is moving both apps to declarative UI with "
                "SwiftUI and Jetpack Compose. The team also owns the release pipeline, feature "
                "flags and the tooling that keeps build times under ten minutes."
            ),
        ],
        "stack": [
            "Swift",
            "SwiftUI",
            "Kotlin",
            "Jetpack Compose",
            "React Native",
            "GraphQL",
            "SQLite",
            "Fastlane",
        ],
        "work": [
            "Build features in Swift or Kotlin that feel native on each platform.",
            "Improve cold start time, scrolling performance and memory use on older devices.",
            "Design offline-first data sync that resolves conflicts predictably.",
            "Maintain the release train, phased rollouts and remote feature flags.",
            "Write unit, snapshot and UI tests that run on every pull request.",
            "Investigate crashes and ANRs from production reports and fix the root cause.",
            "Migrate screens to SwiftUI and Jetpack Compose without a big-bang rewrite.",
            "Work with backend engineers on APIs that are efficient over flaky mobile networks.",
        ],
    },
    "security": {
        "titles": [
            "Security Engineer",
            "Application Security Engineer",
            "Detection Engineer",
            "Product Security Engineer",
        ],
        "teams": [
            "Application Security",
            "Detection and Response",
            "Identity and Access",
            "Cloud Security",
            "Security Tooling",
            "Supply Chain Security",
        ],
        "team_blurbs": [
            (
                "The {team} team at {company} protects systems that hold sensitive data for "
                "tens of thousands of businesses. The team prefers building secure defaults "
                "into shared libraries over writing policies that nobody reads."
            ),
            (
                "{team} works alongside product engineers rather than acting as a gate at the "
                "end. At {company}, that means threat modelling new features early, reviewing "
                "risky changes quickly and shipping fixes directly when it's faster."
            ),
            (
                "At {company}, {team} owns detection and response across cloud accounts, "
                "laptops and production services. The team writes detections as code, tests "
                "them against real attack techniques and tunes them until alerts are worth "
                "waking up for."
            ),
            (
                "The {team} team at {company} is making security invisible for most engineers: "
                "short-lived credentials, signed builds and least-privilege access that doesn't "
                "slow anyone down. It measures success by how few exceptions people need to ask "
                "for."
            ),
        ],
        "stack": [
            "Go",
            "Python",
            "Semgrep",
            "osquery",
            "Vault",
            "Open Policy Agent",
            "Sigstore",
            "Kubernetes",
        ],
        "work": [
            "Threat model new features with product teams before the first line of code.",
            "Write static analysis rules that catch whole classes of bugs across the codebase.",
            "Triage reports from the bug bounty program and work with teams on fixes.",
            "Build detections as code and respond to the incidents they uncover.",
            "Replace long-lived secrets with short-lived, automatically rotated credentials.",
            "Harden CI/CD with signed artifacts, pinned dependencies and provenance checks.",
            "Review access to production and make least privilege the default.",
            "Teach engineers secure patterns through clear docs, office hours and code review.",
        ],
    },
    "platform": {
        "titles": [
            "Platform Engineer",
            "Developer Productivity Engineer",
            "Software Engineer, Platform",
            "Build Engineer",
        ],
        "teams": [
            "Developer Experience",
            "Build and CI",
            "Service Framework",
            "Internal Tools",
            "Release Engineering",
            "Developer Portal",
        ],
        "team_blurbs": [
            (
                "The {team} team at {company} treats the company's 300 engineers as its "
                "customers. The team runs user research, publishes a roadmap and measures "
                "success in minutes saved on builds, reviews and deploys."
            ),
            (
                "{team} owns the paved road at {company}: the service template, CI pipelines "
                "and deploy tooling that new services get for free. When the paved road is good "
                "enough, teams stop building their own detours."
            ),
            (
                "At {company}, {team} keeps a large monorepo fast to build and pleasant to "
                "work in. The team invests in remote caching, test selection and flaky-test "
                "detection so that CI stays under fifteen minutes as the codebase grows."
            ),
            (
                "The {team} team at {company} builds internal products that other engineers "
                "choose to use rather than are told to use. That means good documentation, "
                "sensible defaults and a migration path for every breaking change."
            ),
        ],
        "stack": [
            "Go",
            "Python",
            "Kubernetes",
            "Bazel",
            "Argo CD",
            "Backstage",
            "Terraform",
            "Tekton",
        ],
        "work": [
            "Build the service templates and libraries every new service starts from.",
            "Speed up CI with remote caching, smarter test selection and better parallelism.",
            "Find and quarantine flaky tests, then help their owners fix them.",
            "Run a self-service deploy pipeline with progressive rollouts and easy rollback.",
            "Maintain the developer portal that catalogues services, owners and docs.",
            "Interview engineers about their workflow and turn the pain points into a roadmap.",
            "Plan and lead migrations across dozens of services without stopping feature work.",
            "Write clear documentation and run office hours for the tools the team owns.",
        ],
    },
    "embedded": {
        "titles": [
            "Embedded Software Engineer",
            "Firmware Engineer",
            "Embedded Systems Engineer",
        ],
        "teams": [
            "Firmware",
            "Device Connectivity",
            "Sensors",
            "Power Management",
            "Over-the-Air Updates",
            "Hardware Bring-up",
        ],
        "team_blurbs": [
            (
                "The {team} team at {company} writes the firmware running on more than half a "
                "million devices in homes, warehouses and vehicles. Bugs can't be hot-fixed with "
                "a page refresh, so the team invests heavily in testing on real hardware."
            ),
            (
                "{team} works a desk away from the electrical engineers who design our boards. "
                "At {company}, firmware engineers take part in hardware design reviews, bring up "
                "new revisions and debug problems with a logic analyser as often as a debugger."
            ),
            (
                "At {company}, {team} builds on microcontrollers with a few hundred kilobytes "
                "of RAM and a battery that has to last two years. Every feature is weighed "
                "against power draw, flash space and what happens when an update is interrupted."
            ),
            (
                "The {team} team at {company} is introducing Rust alongside a mature C codebase, "
                "starting with the parsers and protocol handling most exposed to untrusted "
                "input. The team also runs the hardware-in-the-loop rig that every firmware "
                "release must pass."
            ),
        ],
        "stack": [
            "C",
            "C++",
            "Rust",
            "Zephyr",
            "FreeRTOS",
            "Embedded Linux",
            "Yocto",
            "Bluetooth Low Energy",
        ],
        "work": [
            "Write and maintain firmware in C, C++ and increasingly Rust on constrained devices.",
            "Bring up new board revisions with the hardware team and debug them at the bench.",
            "Write drivers for sensors, radios and peripherals over SPI, I2C and UART.",
            "Build a safe over-the-air update process that survives power loss mid-update.",
            "Reduce power consumption by profiling sleep states and radio duty cycles.",
            "Extend the hardware-in-the-loop test rig that gates every firmware release.",
            "Analyse field failures from device telemetry and reproduce them on real hardware.",
            "Work with manufacturing on provisioning, calibration and factory test firmware.",
        ],
    },
}

TRACKS = {
    "ic": {
        "title_patterns": [
            "{level} {role}",
            "{level} {role}, {team}",
            "{level} {role} ({team})",
        ],
        "responsibilities": [
            "Design, build and ship features and systems, from the first sketch to production.",
            "Review teammates' code carefully and kindly, and ask for the same in return.",
            "Write technical designs for larger pieces of work and invite feedback early.",
            "Take part in the on-call rotation and help make it quieter over time.",
            "Break ambiguous problems into small, shippable steps.",
            "Write tests and docs that the next person to touch the code will thank you for.",
            "Work with product, design and other engineering teams to decide what to build.",
            "Share what you learn through pairing, demos and internal write-ups.",
        ],
        "intro": [
            "We're hiring an engineer to join {team} at {company} and help build what comes next.",
            "{company} is growing the {team} team, and we'd like you to be part of it.",
            (
                "Join {team} at {company} and work on problems that matter to the people who use "
                "our product every day."
            ),
        ],
    },
    "tech-lead": {
        "title_patterns": [
            "Tech Lead, {team}",
            "{level} {role} (Tech Lead, {team})",
            "{level} {role}, Tech Lead",
        ],
        "responsibilities": [
            "Set the technical direction for the team and write it down so others can follow it.",
            "Run design reviews and help engineers turn rough ideas into sound, simple designs.",
            "Write roughly half of your week's code, often on the hardest or riskiest parts.",
            "Unblock teammates by answering questions, pairing and making timely decisions.",
            "Break the roadmap into milestones with the engineering manager and product manager.",
            "Identify technical debt and risk, and make the case for addressing it.",
            "Coordinate with neighbouring teams' tech leads on shared interfaces and migrations.",
            "Mentor engineers on design, code review and operating what they build.",
        ],
        "intro": [
            "We're looking for a tech lead to set the technical direction of {team} at {company}.",
            (
                "{company} needs a hands-on tech lead for {team}: someone who still writes code "
                "and helps the whole team ship better software."
            ),
            (
                "As tech lead of {team} at {company}, you'll own the architecture and the big "
                "technical bets on the team's roadmap."
            ),
        ],
    },
    "engineering-manager": {
        "title_patterns": [
            "Engineering Manager, {team}",
            "Senior Engineering Manager, {team}",
            "Engineering Manager, {team} ({role})",
        ],
        "responsibilities": [
            "Hire engineers for the team, from writing the role to closing the offer.",
            "Run regular 1:1s and help each engineer grow toward goals you set together.",
            "Own performance conversations, including the difficult ones, with care and clarity.",
            "Own delivery: plan with product, track progress and flag risk early.",
            "Manage headcount and team shape as priorities and the company change.",
            "Build healthy team habits around planning, retrospectives and on-call.",
            "Represent the team's work and needs to leadership and partner teams.",
            "Keep enough technical depth to ask good questions and judge trade-offs.",
        ],
        "intro": [
            "We're looking for an engineering manager to lead {team} at {company}.",
            "{company} is hiring a manager for {team} who cares about people as much as delivery.",
            (
                "Lead the {team} team at {company}: hire well, grow engineers and ship work the "
                "team is proud of."
            ),
        ],
    },
    "tech-lead-manager": {
        "title_patterns": [
            "Tech Lead Manager, {team}",
            "TLM, {team} ({role})",
            "{level} {role}, Tech Lead Manager",
        ],
        "responsibilities": [
            "Manage a small team of three to five engineers and run their 1:1s.",
            "Set the team's technical direction and lead its design reviews.",
            "Spend around a third of your time writing and reviewing code.",
            "Hire for the team and help each engineer grow in scope and skill.",
            "Own delivery for the team's roadmap together with a product manager.",
            "Handle performance feedback and career conversations with care.",
            "Balance new features, technical debt and operational work each quarter.",
            "Decide when the team has outgrown a TLM and needs separate lead and manager roles.",
        ],
        "intro": [
            (
                "We're looking for a tech lead manager to lead a small {team} team at {company}, "
                "both technically and as a people manager."
            ),
            (
                "{company} is hiring a TLM for {team}: you'll manage a handful of engineers and "
                "still spend real time in the code."
            ),
            (
                "As tech lead manager of {team} at {company}, you'll set direction, grow people "
                "and stay close to the code."
            ),
        ],
    },
}

LEVEL_EXPECTATIONS = {
    "l3": [
        "Up to two years of professional experience, or equivalent experience from "
        "internships, open source or personal projects.",
        "Comfortable writing, testing and debugging code in at least one language we use.",
        "Able to complete well-defined tasks with guidance from more experienced engineers.",
        "Curious, quick to ask questions and open to feedback in code review.",
        "Eager to learn how production systems are built, deployed and operated.",
    ],
    "l4": [
        "Two to five years of experience building and shipping software professionally.",
        "Able to take a feature from a rough description to production with little guidance.",
        "Writes clear, tested code and gives thoughtful code review to teammates.",
        "Understands the trade-offs in the systems you work on and can explain them.",
        "Comfortable being on call for the services your team owns.",
    ],
    "l5": [
        "Five or more years of experience, including owning significant systems in production.",
        "Leads projects spanning several engineers and a few months from design to launch.",
        "Turns ambiguous problems into clear plans and makes sound technical trade-offs.",
        "Mentors other engineers and raises the quality bar of the whole team.",
        "Communicates clearly in writing with engineers, product managers and designers.",
    ],
    "l6": [
        "Eight or more years of experience and a track record of leading complex technical work.",
        "Sets technical direction for a team or a group of related systems.",
        "Leads work that crosses team boundaries and aligns people who don't report to you.",
        "Spots problems before they become urgent and makes the case for fixing them.",
        "Grows senior engineers through mentoring, sponsorship and thoughtful design review.",
    ],
    "l7": [
        "Ten or more years of experience, including technical leadership across several teams.",
        "Shapes the architecture and roadmap of an entire engineering area.",
        "Makes high-stakes decisions with incomplete information and owns the outcome.",
        "Influences engineering practices and standards well beyond your own group.",
        "Partners with engineering and product leadership on multi-year strategy.",
    ],
    "l8": [
        "Twelve or more years of experience, with deep expertise recognised across the company.",
        "Sets technical strategy that spans the whole engineering organisation.",
        "Identifies the most important technical problems and rallies people to solve them.",
        "Represents engineering in company-level decisions about product and investment.",
        "Develops the next generation of staff engineers and technical leaders.",
    ],
}

LEVEL_WORDS = {
    "l3": "Junior",
    "l4": "",
    "l5": "Senior",
    "l6": "Staff",
    "l7": "Senior Staff",
    "l8": "Principal",
}

BENEFITS = [
    "Annual learning budget for books, courses and conferences.",
    "Sixteen weeks of fully paid parental leave for every parent.",
    "On-call compensation for every shift, whether or not you're paged.",
    "Home office stipend to set up a comfortable workspace.",
    "Comprehensive health, dental and vision coverage for you and your dependants.",
    "At least 25 days of paid time off, plus local public holidays.",
    "Employer-matched retirement or pension contributions.",
    "Flexible working hours built around a few hours of team overlap.",
    "Mental health support, including paid access to therapy.",
    "A yearly team offsite, with travel and accommodation covered.",
]

LOCATIONS = [
    ("San Francisco", "US"),
    ("New York", "US"),
    ("Seattle", "US"),
    ("Austin", "US"),
    ("Chicago", "US"),
    ("London", "GB"),
    ("Manchester", "GB"),
    ("Berlin", "DE"),
    ("Munich", "DE"),
    ("Toronto", "CA"),
    ("Amsterdam", "NL"),
    ("Paris", "FR"),
    ("Dublin", "IE"),
    ("Barcelona", "ES"),
    ("Lisbon", "PT"),
    ("Stockholm", "SE"),
    ("Warsaw", "PL"),
    ("Bengaluru", "IN"),
    ("Hyderabad", "IN"),
    ("Singapore", "SG"),
    ("Tokyo", "JP"),
    ("Sydney", "AU"),
    ("São Paulo", "BR"),
    ("Mexico City", "MX"),
    ("Buenos Aires", "AR"),
    ("Lagos", "NG"),
    ("Nairobi", "KE"),
    ("Cape Town", "ZA"),
    ("Auckland", "NZ"),
    ("Zurich", "CH"),
]

REMOTE_REGIONS = [
    "Anywhere",
    "United States",
    "Europe",
    "UK or EU",
    "Americas (UTC−8 to UTC−3)",
    "EMEA",
    "Canada or United States",
    "APAC",
]

COUNTRY_NAMES = {
    "AR": "Argentina",
    "AU": "Australia",
    "BR": "Brazil",
    "CA": "Canada",
    "CH": "Switzerland",
    "DE": "Germany",
    "ES": "Spain",
    "FR": "France",
    "GB": "United Kingdom",
    "IE": "Ireland",
    "IN": "India",
    "JP": "Japan",
    "KE": "Kenya",
    "MX": "Mexico",
    "NG": "Nigeria",
    "NL": "Netherlands",
    "NZ": "New Zealand",
    "PL": "Poland",
    "PT": "Portugal",
    "SE": "Sweden",
    "SG": "Singapore",
    "US": "United States",
    "ZA": "South Africa",
}
