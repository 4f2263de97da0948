"""Fictional demo content for the culture directory, loaded by `manage.py load_demo`."""

from __future__ import annotations

TAGS = [
    {
        "slug": "engineering-driven",
        "name": "Engineering-Driven",
        "summary": "Engineers shape the roadmap and technical calls are made on their merits.",
        "explanation": (
            "Engineers sit in planning from the start rather than receiving finished specs. "
            "Technical debt, reliability work and tooling get roadmap time because engineers "
            "can argue for them and win.\n\n"
            "**Ask in the interview:** who decides what goes on the next quarter's roadmap? "
            "Can you name a project engineers proposed that shipped? How much time is "
            "reserved for platform and debt work?\n\n"
            "**Trade-off:** engineering-led roadmaps can drift towards interesting problems "
            "over customer problems. The best teams pair this with a strong product partner."
        ),
    },
    {
        "slug": "flat-hierarchy",
        "name": "Flat Hierarchy",
        "summary": "Few management layers; engineers talk directly to the people who decide.",
        "explanation": (
            "There are one or two layers between an engineer and the CEO. Decisions happen "
            "in open channels, and anyone can challenge a plan without going through a "
            "chain of managers.\n\n"
            "**Ask in the interview:** how many people report to each manager? Who writes "
            "your performance review? How is a disagreement between two senior engineers "
            "resolved?\n\n"
            "**Trade-off:** flat often means informal. Promotion criteria, career paths and "
            "conflict resolution can be vague, and influence may follow whoever is loudest."
        ),
    },
    {
        "slug": "learning",
        "name": "Learning",
        "summary": "Structured time, budget and mentoring for engineers to grow their skills.",
        "explanation": (
            "Expect a yearly learning budget, reading groups, internal tech talks and "
            "mentoring that is actually scheduled. Rotations between teams are possible "
            "and encouraged.\n\n"
            "**Ask in the interview:** what did the last promoted engineer learn in the "
            "year before? Is the learning budget used, and who approves it? Is there "
            "protected time, or is learning done in the evenings?\n\n"
            "**Trade-off:** learning time competes with delivery. In crunch periods it is "
            "often the first thing to go, so check what happened during the last one."
        ),
    },
    {
        "slug": "wear-many-hats",
        "name": "Wear Many Hats",
        "summary": "Engineers work across the stack and beyond code: support, infra, hiring.",
        "explanation": (
            "In a given week you might ship a frontend feature, fix a database migration, "
            "answer a customer ticket and interview a candidate. Job titles matter less "
            "than what needs doing.\n\n"
            "- **Ask:** what did the last engineer who joined work on in their first month?\n"
            "- **Ask:** who handles infrastructure, support escalations and on-call?\n\n"
            "**Trade-off:** breadth comes at the cost of depth. Specialists can feel "
            "stretched thin, and context switching is constant."
        ),
    },
    {
        "slug": "product-impact",
        "name": "Product Impact",
        "summary": "Engineers see their work reach users quickly and can point to the results.",
        "explanation": (
            "Small teams own user-facing outcomes end to end. Engineers see usage data, "
            "join customer calls and ship changes that move a metric within weeks.\n\n"
            "**Ask in the interview:** how do engineers find out whether a feature worked? "
            "Can you show me a dashboard a team owns? How long does an idea take to reach "
            "production?\n\n"
            "**Trade-off:** a focus on visible wins can starve less glamorous work such as "
            "migrations, testing and internal tooling."
        ),
    },
    {
        "slug": "remote-first",
        "name": "Remote-First",
        "summary": "Distributed by default: written, async decisions and no office bias.",
        "explanation": (
            "Meetings are the exception, decisions are written down, and nobody is at a "
            "disadvantage for not being in a particular office. Teams span time zones and "
            "plan around overlap hours.\n\n"
            "**Ask in the interview:** where do the leadership team live? How are decisions "
            "recorded? Is there a home-office stipend and a budget for meeting in person?\n\n"
            "**Trade-off:** remote work rewards strong writers and self-starters. It can be "
            "lonely, and onboarding takes deliberate effort from both sides."
        ),
    },
    {
        "slug": "work-life-balance",
        "name": "Work-Life Balance",
        "summary": "Reasonable hours, respected time off and on-call that spares your evenings.",
        "explanation": (
            "People log off at a normal hour, holidays are taken without a laptop, and "
            "after-hours pages are rare and compensated. Deadlines are negotiated rather "
            "than imposed.\n\n"
            "**Ask in the interview:** how many pages did the team get last month outside "
            "working hours? How much holiday did the average engineer take last year? "
            "When did the team last work a weekend?\n\n"
            "**Trade-off:** a calm pace can mean slower shipping and fewer stretch "
            "opportunities for people who want to move fast."
        ),
    },
    {
        "slug": "psychological-safety",
        "name": "Psychological Safety",
        "summary": "It is safe to ask questions, admit mistakes and disagree with senior people.",
        "explanation": (
            "Incidents get blameless postmortems, juniors ask questions in public channels, "
            'and people say "I don\'t know" in meetings without it counting against them.\n\n'
            "**Ask in the interview:** tell me about the last outage and what happened to "
            "the person who caused it. When did someone junior last change a senior "
            "engineer's mind?\n\n"
            "**Trade-off:** safety is not the same as comfort. Teams still need to give "
            "direct feedback, and some people mistake kindness for avoiding it."
        ),
    },
    {
        "slug": "open-source",
        "name": "Open Source",
        "summary": "Core work happens in public repos and upstream contributions are encouraged.",
        "explanation": (
            "Some or all of the product is open source, engineers review outside pull "
            "requests, and contributing fixes upstream is part of the job rather than a "
            "weekend hobby.\n\n"
            "**Ask in the interview:** which repositories would I work in? What is the "
            "policy on contributing to other projects? Who triages community issues?\n\n"
            "**Trade-off:** working in public means your code and discussions are visible, "
            "and community maintenance can eat into roadmap time."
        ),
    },
    {
        "slug": "design-doc-culture",
        "name": "Design Doc Culture",
        "summary": "Significant changes start with a written design that peers review first.",
        "explanation": (
            "Before building anything substantial, an engineer writes a short design doc "
            "covering the problem, options and trade-offs, and colleagues review it. "
            "Docs are searchable and become the team's memory.\n\n"
            "**Ask in the interview:** can I read a recent design doc? What size of change "
            "needs one? How long does a review usually take, and who approves?\n\n"
            "**Trade-off:** docs slow down small changes and can become a bureaucratic "
            "gate. Good teams keep templates short and reviews time-boxed."
        ),
    },
    {
        "slug": "pair-programming",
        "name": "Pair Programming",
        "summary": "Engineers regularly pair or mob, especially on onboarding and hard problems.",
        "explanation": (
            "Pairing is a normal way of working, not a punishment or a special event. "
            "New joiners pair for their first weeks and teams rotate pairs to spread "
            "knowledge.\n\n"
            "**Ask in the interview:** how many hours a week does the team pair? Is it "
            "required or optional? How does pairing work across time zones?\n\n"
            "**Trade-off:** pairing is tiring and not for everyone. If you need long "
            "stretches of solo focus, check how strict the expectation is."
        ),
    },
    {
        "slug": "customer-obsessed",
        "name": "Customer-Obsessed",
        "summary": "Engineers hear directly from customers and prioritise their problems.",
        "explanation": (
            "Engineers join sales and support calls, read tickets and rotate through "
            "support duty. Customer pain shows up on the roadmap quickly.\n\n"
            "**Ask in the interview:** when did you last talk to a customer? Is there a "
            "support rotation for engineers? How are customer requests weighed against "
            "technical work?\n\n"
            "**Trade-off:** a loud customer can pull the roadmap around, and escalations "
            "can interrupt deep work."
        ),
    },
    {
        "slug": "high-autonomy",
        "name": "High Autonomy",
        "summary": "Teams choose how to solve problems with little top-down micromanagement.",
        "explanation": (
            "Teams get goals, not task lists. They pick their tools, plan their own work "
            "and are trusted to make reasonable calls without sign-off on every step.\n\n"
            "**Ask in the interview:** who decides the team's tech stack? How are quarterly "
            "goals set? When did leadership last overrule a team decision, and why?\n\n"
            "**Trade-off:** autonomy needs clear goals. Without them teams duplicate work, "
            "and newer engineers can feel they lack direction."
        ),
    },
    {
        "slug": "mission-driven",
        "name": "Mission-Driven",
        "summary": "The company exists to solve a problem people care about beyond revenue.",
        "explanation": (
            "People joined because of what the company is trying to change, whether that "
            "is climate, health, education or access to money. The mission comes up in "
            "real prioritisation decisions, not just on the careers page.\n\n"
            "**Ask in the interview:** when did the mission change a product decision? "
            "How is impact measured? What would the company refuse to build?\n\n"
            "**Trade-off:** mission-driven companies sometimes pay below market and can "
            "lean on goodwill to justify long hours."
        ),
    },
    {
        "slug": "diverse-teams",
        "name": "Diverse Teams",
        "summary": "Teams mix backgrounds and the company measures and works on inclusion.",
        "explanation": (
            "Engineering teams include people of different genders, ethnicities, ages and "
            "career paths. Hiring panels are structured, and promotion outcomes are "
            "reviewed for bias.\n\n"
            "**Ask in the interview:** what does the engineering leadership team look "
            "like? Are promotion and pay outcomes audited? Which employee groups have "
            "real budget?\n\n"
            "**Trade-off:** numbers alone don't make a team inclusive. Look for whether "
            "people from under-represented groups stay and get promoted."
        ),
    },
    {
        "slug": "sustainable-pace",
        "name": "Sustainable Pace",
        "summary": "Steady delivery without crunch; plans assume people have lives.",
        "explanation": (
            "Roadmaps leave slack for surprises, estimates are treated as estimates, and "
            "a missed date prompts a re-plan rather than a weekend. On-call is shared "
            "fairly and incidents are followed by real fixes.\n\n"
            "**Ask in the interview:** what happened the last time a launch slipped? How "
            "much of each sprint is planned? How often is someone paged twice in a week?\n\n"
            "**Trade-off:** a sustainable pace can look slow from the outside, and it "
            "depends on leadership holding the line when pressure rises."
        ),
    },
]

TAG_EVIDENCE = {
    "engineering-driven": [
        "Engineers write the first draft of the quarterly roadmap alongside product.",
        "Twenty percent of each planning cycle is reserved for engineer-proposed work.",
        "The CTO and two staff engineers sit on the product council with a vote.",
    ],
    "flat-hierarchy": [
        "Every engineer reports to one of two engineering leads who report to the CEO.",
        "Weekly all-hands includes an open Q&A where founders answer questions live.",
        "No formal management track; leads rotate and keep writing code.",
    ],
    "learning": [
        "Each engineer has an annual learning budget, and last year most of it was used.",
        "Internal tech talks run fortnightly and recordings are kept in the wiki.",
        "New joiners are assigned a mentor outside their team for the first six months.",
    ],
    "wear-many-hats": [
        "Engineers rotate through customer support one day every two weeks.",
        "The infrastructure is owned by product engineers; there is no separate ops team.",
        "Engineers take part in hiring loops from their second month.",
    ],
    "product-impact": [
        "Every team owns a product metric and reviews its dashboard weekly.",
        "Engineers join at least one customer interview per month.",
        "Median time from merged pull request to production is under a day.",
    ],
    "remote-first": [
        "Leadership is spread across four time zones; there is no headquarters office.",
        "Decisions are recorded in written proposals; meetings are optional by default.",
        "Home-office stipend and two paid team meetups a year are in the handbook.",
    ],
    "work-life-balance": [
        "On-call pages outside working hours averaged fewer than two per engineer monthly.",
        "A minimum of 25 days' holiday is enforced; managers are nudged if it isn't taken.",
        "No meetings are scheduled on Fridays, and Slack goes quiet after 6pm local time.",
    ],
    "psychological-safety": [
        "Postmortems are blameless and published internally with named action owners.",
        'Engineers rated "safe to admit mistakes" above 4.5/5 in the last internal survey.',
        "Juniors are encouraged to ask in public channels; a rotating buddy answers same day.",
    ],
    "open-source": [
        "The core engine is open source and outside contributors merge pull requests monthly.",
        "Engineers may spend time upstreaming fixes to dependencies without approval.",
        "A public contributor guide and triage rota are kept in the main repository.",
    ],
    "design-doc-culture": [
        "Design docs are required for any change that crosses a service boundary.",
        "Doc templates are short and reviews are time-boxed to one week.",
        "Past design docs are indexed and searchable, with decisions and outcomes recorded.",
    ],
    "pair-programming": [
        "New joiners pair full-time for their first two weeks.",
        "Teams pair on roughly half of their tickets and rotate pairs weekly.",
        "Remote pairing tools and a pairing schedule are set up for every team.",
    ],
    "customer-obsessed": [
        "Every engineer joins a customer call at least once a quarter.",
        "Top support themes are reviewed in sprint planning every two weeks.",
        "Engineers take a support rotation and answer tickets directly.",
    ],
    "high-autonomy": [
        "Teams set their own quarterly goals against company-level outcomes.",
        "Teams choose their own tools within a short list of supported platforms.",
        "No approval is needed to ship behind a feature flag.",
    ],
    "mission-driven": [
        "Impact metrics are reported alongside revenue in the quarterly board update.",
        "The company has publicly declined contracts that conflict with its mission.",
        "Most engineers interviewed named the mission as their main reason for joining.",
    ],
    "diverse-teams": [
        "Promotion and pay outcomes are audited for bias twice a year.",
        "Hiring panels use structured interviews with written rubrics.",
        "Engineering leadership includes people from at least four countries.",
    ],
    "sustainable-pace": [
        "Sprints are planned to 70% capacity to leave room for surprises.",
        "No engineer has been paged more than twice in a week this year.",
        "Missed dates lead to a re-plan meeting, not weekend work.",
    ],
}

COMPANIES = [
    {
        "name": "Quillpoint",
        "slug": "quillpoint",
        "tagline": "Document-understanding models that turn contracts and invoices into data",
        "about": (
            "Quillpoint trains and serves models that read messy business documents, "
            "from scanned invoices to hundred-page supply contracts, and return clean "
            "structured data through an API. Customers are mostly finance and legal "
            "operations teams.\n\n"
            "Engineering is about 120 people in teams of five to eight, each pairing "
            "product engineers with ML engineers. Anything that touches the extraction "
            "pipeline starts with a design doc reviewed in a weekly forum. The API ships "
            "daily behind flags, models are promoted fortnightly after offline evaluation, "
            "and on-call is a one-week rotation per team with a follow-the-sun handover "
            "to the Toronto and Lisbon offices."
        ),
        "headquarters": "Toronto, Canada",
        "remote_policy": "hybrid",
        "industry": "ai",
        "stage": "series-b",
        "employee_count": 240,
        "founded_year": 2019,
        "tags": ["engineering-driven", "learning", "design-doc-culture", "product-impact"],
        "ladder_names_tech_lead": True,
        "has_engineering_blog": True,
        "design_doc_culture": True,
        "profile": "excellent",
    },
    {
        "name": "Mosswood AI",
        "slug": "mosswood-ai",
        "tagline": "Speech recognition and voice agents for African languages",
        "about": (
            "Mosswood builds speech recognition and voice-agent models for Swahili, "
            "Yoruba, Amharic and a growing list of other languages, sold to banks and "
            "telecoms that run call centres across the continent.\n\n"
            "The whole company is fourteen people across five countries, working "
            "asynchronously from a shared written plan. There are no teams yet: engineers "
            "pick up problems end to end, from data collection to deployment, and the "
            "founders review priorities every Monday. Releases go out whenever they are "
            "ready, and everyone shares a light on-call rota."
        ),
        "headquarters": "Nairobi, Kenya",
        "remote_policy": "remote-first",
        "industry": "ai",
        "stage": "seed",
        "employee_count": 14,
        "founded_year": 2024,
        "tags": ["wear-many-hats", "product-impact", "remote-first", "high-autonomy"],
        "ladder_names_tech_lead": False,
        "has_engineering_blog": False,
        "design_doc_culture": False,
        "profile": "sparse",
    },
    {
        "name": "Lanternfish",
        "slug": "lanternfish",
        "tagline": "Evaluation and monitoring for teams shipping language-model features",
        "about": (
            "Lanternfish gives product teams a way to test, compare and monitor the "
            "language-model features they put in front of users: regression suites for "
            "prompts, human review queues and production drift alerts.\n\n"
            "Around 35 engineers work in three squads that pair by default, rotating "
            "pairs every week so knowledge spreads quickly. Technical direction comes "
            "from a small group of senior engineers who run an open architecture hour. "
            "The product deploys many times a day; on-call is weekly, shared across "
            "squads, and every incident gets a blameless review on Friday."
        ),
        "headquarters": "London, United Kingdom",
        "remote_policy": "hybrid",
        "industry": "ai",
        "stage": "series-a",
        "employee_count": 65,
        "founded_year": 2022,
        "tags": ["engineering-driven", "learning", "pair-programming", "psychological-safety"],
        "ladder_names_tech_lead": False,
        "has_engineering_blog": True,
        "design_doc_culture": False,
        "profile": "good",
    },
    {
        "name": "Tessellate Research",
        "slug": "tessellate-research",
        "tagline": "Foundation models for scientific discovery in chemistry and materials",
        "about": (
            "Tessellate trains large models that propose and rank candidate molecules "
            "and materials, then works with lab partners to test them. Its platform is "
            "used by pharmaceutical and battery companies to narrow down experiments.\n\n"
            "Engineering and research total roughly 600 people, split into research "
            "groups, a training-infrastructure org and product teams of six to ten. "
            "Major changes go through written design review with a standing committee of "
            "staff engineers. Training runs are scheduled quarterly; the product platform "
            "releases weekly. Teams run their own on-call, and the training cluster has "
            "a dedicated SRE rotation."
        ),
        "headquarters": "San Francisco, United States",
        "remote_policy": "onsite",
        "industry": "ai",
        "stage": "series-c-plus",
        "employee_count": 1400,
        "founded_year": 2016,
        "tags": ["engineering-driven", "learning", "design-doc-culture", "mission-driven"],
        "ladder_names_tech_lead": True,
        "has_engineering_blog": True,
        "design_doc_culture": True,
        "profile": "mixed",
    },
    {
        "name": "Corvid Reasoning",
        "slug": "corvid-reasoning",
        "tagline": "Forecasting and decision intelligence for supply chains and insurers",
        "about": (
            "Corvid sells forecasting and optimisation software to retailers, shippers "
            "and insurers. It started as a statistics consultancy, added machine learning "
            "a decade ago and now runs one of the larger applied-AI groups in the "
            "Pacific Northwest.\n\n"
            "Engineering is around 3,000 people organised into product lines, each with "
            "its own platform and ML teams. Design docs are required for cross-team "
            "changes and are reviewed by an architecture guild. Most products release "
            "monthly to enterprise customers, with weekly internal builds. On-call is "
            "per service with paid standby, and the company tracks out-of-hours pages "
            "as a health metric."
        ),
        "headquarters": "Seattle, United States",
        "remote_policy": "hybrid",
        "industry": "ai",
        "stage": "public",
        "employee_count": 9500,
        "founded_year": 2005,
        "tags": ["learning", "design-doc-culture", "work-life-balance", "diverse-teams"],
        "ladder_names_tech_lead": True,
        "has_engineering_blog": True,
        "design_doc_culture": True,
        "profile": "good",
    },
    {
        "name": "Mainsheet Intelligence",
        "slug": "mainsheet-intelligence",
        "tagline": "AI copilots for customer-service teams in regulated industries",
        "about": (
            "Mainsheet builds assistants that draft replies, summarise cases and check "
            "compliance for customer-service agents at banks, insurers and utilities. "
            "The product is sold to large contact centres across Europe.\n\n"
            "About 140 engineers work in customer-aligned pods that own a segment end "
            "to end, including integrations and model tuning. Pods set their own goals "
            "each quarter, though large customer commitments often reshape them midway. "
            "The platform ships weekly with dedicated release windows for enterprise "
            "tenants, and each pod carries its own on-call pager."
        ),
        "headquarters": "Berlin, Germany",
        "remote_policy": "remote-friendly",
        "industry": "ai",
        "stage": "series-b",
        "employee_count": 310,
        "founded_year": 2020,
        "tags": ["customer-obsessed", "product-impact", "high-autonomy"],
        "ladder_names_tech_lead": False,
        "has_engineering_blog": False,
        "design_doc_culture": False,
        "profile": "mixed",
    },
    {
        "name": "Pallas Vision",
        "slug": "pallas-vision",
        "tagline": "Computer-vision inspection models for factory production lines",
        "about": (
            "Pallas Vision makes camera-based inspection systems that spot defects on "
            "production lines for car parts, packaging and electronics. It has been "
            "profitable since its second year and has never raised outside money.\n\n"
            "The fifteen engineers work as one team, with technical decisions made by "
            "the two founding engineers after open discussion. Much of the tooling, "
            "including the labelling tool and the on-device runtime, is open source. "
            "Customer sites get updates monthly, planned well in advance, and support "
            "is business hours only, written into every contract."
        ),
        "headquarters": "Kraków, Poland",
        "remote_policy": "remote-friendly",
        "industry": "ai",
        "stage": "bootstrapped",
        "employee_count": 22,
        "founded_year": 2017,
        "tags": ["engineering-driven", "sustainable-pace", "open-source"],
        "ladder_names_tech_lead": False,
        "has_engineering_blog": False,
        "design_doc_culture": False,
        "profile": "good",
    },
    {
        "name": "Brindle Labs",
        "slug": "brindle-labs",
        "tagline": "AI agents that reconcile accounts for small-business bookkeepers",
        "about": (
            "Brindle is building agents that match bank transactions, receipts and "
            "invoices so bookkeepers can close a client's month in minutes rather "
            "than hours.\n\n"
            "The team is eight people in one room: three founders and five engineers "
            "who all talk to customers, write code and handle support. Priorities are "
            "set in a Monday meeting, and the product ships several times a day."
        ),
        "headquarters": "Bengaluru, India",
        "remote_policy": "onsite",
        "industry": "ai",
        "stage": "seed",
        "employee_count": 8,
        "founded_year": 2025,
        "tags": ["wear-many-hats", "product-impact", "flat-hierarchy"],
        "ladder_names_tech_lead": False,
        "has_engineering_blog": False,
        "design_doc_culture": False,
        "profile": "sparse",
    },
    {
        "name": "Orrery Systems",
        "slug": "orrery-systems",
        "tagline": "Training and inference infrastructure for teams fine-tuning their own models",
        "about": (
            "Orrery provides a managed platform for fine-tuning, evaluating and serving "
            "open-weight models on rented GPU capacity, aimed at companies that want to "
            "own their models without running a cluster.\n\n"
            "Thirty engineers are spread across Asia, Europe and Australia and work in "
            "three teams of around ten, each with a named tech lead. Every significant "
            "change starts as a written proposal, and decisions are recorded in the "
            "public handbook. The platform deploys continuously; on-call follows the sun "
            "across the three regions so nobody is paged at night."
        ),
        "headquarters": "Singapore, Singapore",
        "remote_policy": "remote-first",
        "industry": "ai",
        "stage": "series-a",
        "employee_count": 48,
        "founded_year": 2021,
        "tags": ["engineering-driven", "learning", "remote-first", "design-doc-culture"],
        "ladder_names_tech_lead": True,
        "has_engineering_blog": True,
        "design_doc_culture": True,
        "profile": "excellent",
    },
    {
        "name": "Fernhill Systems",
        "slug": "fernhill-systems",
        "tagline": "Open-source build system and remote cache for large monorepos",
        "about": (
            "Fernhill maintains an open-source build system used by companies with "
            "large monorepos, and sells a hosted remote cache and build analytics on "
            "top of it.\n\n"
            "About 90 engineers work fully remotely in teams of five or six, split "
            "between the open-source core and the cloud product. Changes to the core "
            "go through public RFCs; internal changes use a lighter design-doc template. "
            "The cloud product deploys continuously and the open-source core ships a "
            "release every six weeks. On-call covers only the hosted service and rotates "
            "weekly across two regions."
        ),
        "headquarters": "Amsterdam, Netherlands",
        "remote_policy": "remote-first",
        "industry": "developer-tools",
        "stage": "series-b",
        "employee_count": 180,
        "founded_year": 2018,
        "tags": [
            "engineering-driven",
            "learning",
            "open-source",
            "remote-first",
            "design-doc-culture",
        ],
        "ladder_names_tech_lead": True,
        "has_engineering_blog": True,
        "design_doc_culture": True,
        "profile": "excellent",
    },
    {
        "name": "Belljar",
        "slug": "belljar",
        "tagline": "Open-source local sandbox for testing cloud functions offline",
        "about": (
            "Belljar is an open-source tool that emulates cloud functions, queues and "
            "storage on a laptop so developers can test without deploying. A paid team "
            "tier adds shared snapshots and CI integration.\n\n"
            "Nine engineers own everything from the CLI to billing, and each picks a "
            "problem area per quarter. There is no formal process beyond a weekly "
            "planning call and a public issue tracker. Releases ship weekly, and "
            "community support is shared by the whole team."
        ),
        "headquarters": "Austin, United States",
        "remote_policy": "remote-friendly",
        "industry": "developer-tools",
        "stage": "seed",
        "employee_count": 12,
        "founded_year": 2023,
        "tags": ["open-source", "wear-many-hats", "high-autonomy"],
        "ladder_names_tech_lead": False,
        "has_engineering_blog": True,
        "design_doc_culture": False,
        "profile": "good",
    },
    {
        "name": "Ropewalk",
        "slug": "ropewalk",
        "tagline": "Schema migration and review tooling for Postgres teams",
        "about": (
            "Ropewalk checks database migrations before they run: it flags locking "
            "changes, estimates run times against production statistics and plugs into "
            "code review. The core linter is open source.\n\n"
            "Thirty engineers work remotely across North and South American time zones "
            "in four teams that pair for most of the day during overlap hours. Sprints "
            "are planned to leave slack, and the company has a written no-crunch "
            "policy. The product releases twice a week, and on-call is weekly with a "
            "secondary, rarely paged."
        ),
        "headquarters": "Montreal, Canada",
        "remote_policy": "remote-first",
        "industry": "developer-tools",
        "stage": "series-a",
        "employee_count": 55,
        "founded_year": 2020,
        "tags": ["remote-first", "open-source", "pair-programming", "sustainable-pace"],
        "ladder_names_tech_lead": False,
        "has_engineering_blog": True,
        "design_doc_culture": False,
        "profile": "good",
    },
    {
        "name": "Burrow",
        "slug": "burrow",
        "tagline": "A fast, self-hostable error tracker for small teams",
        "about": (
            "Burrow is a lightweight error tracker that runs as a single binary. It is "
            "open source, and a hosted version pays the bills.\n\n"
            "Six engineers and three people in support and operations work remotely "
            "with no managers; decisions are made in writing on the forum. Releases "
            "come out monthly, and the team keeps a four-day week in summer."
        ),
        "headquarters": "Ljubljana, Slovenia",
        "remote_policy": "remote-first",
        "industry": "developer-tools",
        "stage": "bootstrapped",
        "employee_count": 9,
        "founded_year": 2015,
        "tags": ["open-source", "sustainable-pace", "flat-hierarchy", "remote-first"],
        "ladder_names_tech_lead": False,
        "has_engineering_blog": False,
        "design_doc_culture": False,
        "profile": "sparse",
    },
    {
        "name": "Ashgrove Software",
        "slug": "ashgrove-software",
        "tagline": "Code review, CI and release management for enterprise engineering teams",
        "about": (
            "Ashgrove sells code review, continuous integration and release tooling to "
            "large engineering organisations, often running inside customers' own data "
            "centres. It has been public for over a decade.\n\n"
            "Engineering is about 1,500 people in product groups of 40 to 80, each "
            "split into teams of six with a tech lead and a manager. Design docs are "
            "expected for anything beyond a single team and are reviewed in open "
            "weekly sessions. The cloud edition ships daily; self-hosted releases are "
            "monthly. On-call is compensated and capped at one week in six."
        ),
        "headquarters": "Boston, United States",
        "remote_policy": "hybrid",
        "industry": "developer-tools",
        "stage": "public",
        "employee_count": 4200,
        "founded_year": 2004,
        "tags": ["engineering-driven", "learning", "design-doc-culture", "work-life-balance"],
        "ladder_names_tech_lead": True,
        "has_engineering_blog": True,
        "design_doc_culture": True,
        "profile": "excellent",
    },
    {
        "name": "Ledgerline",
        "slug": "ledgerline",
        "tagline": "Payments and treasury APIs for Latin American marketplaces",
        "about": (
            "Ledgerline lets marketplaces collect payments, split them between sellers "
            "and pay out in local currencies across Brazil, Mexico, Colombia and Chile. "
            "It processes billions of dollars a year.\n\n"
            "The 350-person engineering org is split into payments, ledger, risk and "
            "platform groups, each with teams of five to eight. Anything that touches "
            "money movement requires a design doc with a reviewer from the ledger "
            "team. Deploys happen daily with staged rollouts by country. On-call is "
            "per team, with a central incident commander rotation for major events."
        ),
        "headquarters": "São Paulo, Brazil",
        "remote_policy": "hybrid",
        "industry": "fintech",
        "stage": "series-c-plus",
        "employee_count": 900,
        "founded_year": 2014,
        "tags": ["customer-obsessed", "design-doc-culture", "diverse-teams", "learning"],
        "ladder_names_tech_lead": True,
        "has_engineering_blog": True,
        "design_doc_culture": True,
        "profile": "good",
    },
    {
        "name": "Cobalt Ridge",
        "slug": "cobalt-ridge",
        "tagline": "Retail brokerage and retirement accounts for US households",
        "about": (
            "Cobalt Ridge offers brokerage, retirement and cash accounts to millions of "
            "US customers through its apps and a network of advisers. It went public in "
            "the early 2000s.\n\n"
            "Technology is around 3,500 people, a mix of product teams and large "
            "platform groups that maintain older core systems. Architecture decisions "
            "go through a central review board. Mobile apps release every two weeks; "
            "core trading systems change quarterly under strict change control. "
            "On-call is handled by a dedicated operations group for most systems."
        ),
        "headquarters": "Chicago, United States",
        "remote_policy": "hybrid",
        "industry": "fintech",
        "stage": "public",
        "employee_count": 12000,
        "founded_year": 1999,
        "tags": ["work-life-balance", "learning", "diverse-teams"],
        "ladder_names_tech_lead": True,
        "has_engineering_blog": False,
        "design_doc_culture": False,
        "profile": "mixed",
    },
    {
        "name": "Pennywhistle",
        "slug": "pennywhistle",
        "tagline": "Savings and micro-investment app for first-time savers in West Africa",
        "about": (
            "Pennywhistle helps people open their first savings account, set goals and "
            "invest small amounts in treasury bills, with a mobile app that works on "
            "cheap phones and patchy connections.\n\n"
            "Eighteen engineers work in two product squads and a small platform team. "
            "Engineers regularly sit in on support calls and handle their own "
            "infrastructure. The app releases every two weeks, the backend several "
            "times a day, and on-call rotates weekly across all engineers."
        ),
        "headquarters": "Lagos, Nigeria",
        "remote_policy": "hybrid",
        "industry": "fintech",
        "stage": "series-a",
        "employee_count": 40,
        "founded_year": 2021,
        "tags": ["mission-driven", "wear-many-hats", "product-impact", "customer-obsessed"],
        "ladder_names_tech_lead": False,
        "has_engineering_blog": False,
        "design_doc_culture": False,
        "profile": "good",
    },
    {
        "name": "Gildmark",
        "slug": "gildmark",
        "tagline": "Fraud detection and transaction monitoring for European neobanks",
        "about": (
            "Gildmark scores card payments and bank transfers in real time for fraud "
            "and money-laundering risk, and gives compliance teams case-management "
            "tools to investigate alerts.\n\n"
            "About 110 engineers work in teams that own a service and choose their own "
            "approach within a shared platform. Cross-team changes need a design doc "
            "approved by the architecture group. The scoring service deploys daily "
            "with canaries; the case-management app ships weekly. Every team runs its "
            "own on-call, and the scoring team's rotation is the busiest."
        ),
        "headquarters": "Dublin, Ireland",
        "remote_policy": "hybrid",
        "industry": "fintech",
        "stage": "series-b",
        "employee_count": 260,
        "founded_year": 2017,
        "tags": ["engineering-driven", "design-doc-culture", "high-autonomy"],
        "ladder_names_tech_lead": True,
        "has_engineering_blog": True,
        "design_doc_culture": True,
        "profile": "mixed",
    },
    {
        "name": "Saltmarsh Pay",
        "slug": "saltmarsh-pay",
        "tagline": "Invoice financing and payouts for Mexican freelancers",
        "about": (
            "Saltmarsh advances money against unpaid invoices for freelancers and small "
            "agencies, and handles collection from their clients.\n\n"
            "Nine engineers work from the office alongside the risk and operations "
            "team. Everyone handles support escalations and the founders set "
            "priorities weekly. The product ships daily, and the engineers share a "
            "single on-call phone."
        ),
        "headquarters": "Mexico City, Mexico",
        "remote_policy": "onsite",
        "industry": "fintech",
        "stage": "seed",
        "employee_count": 18,
        "founded_year": 2023,
        "tags": ["wear-many-hats", "product-impact", "customer-obsessed"],
        "ladder_names_tech_lead": False,
        "has_engineering_blog": False,
        "design_doc_culture": False,
        "profile": "mixed",
    },
    {
        "name": "Wellbrook Health",
        "slug": "wellbrook-health",
        "tagline": "Virtual primary care and chronic-condition programmes for employers",
        "about": (
            "Wellbrook provides virtual primary care, diabetes and hypertension "
            "programmes to employees of large companies, combining clinicians, "
            "connected devices and a patient app.\n\n"
            "Engineering is around 400 people in clinical, member-experience and "
            "platform groups. Anything touching clinical workflows needs a design doc "
            "reviewed by both engineering and clinical safety. The app releases every "
            "two weeks and services deploy daily. On-call is paid, capped at one week "
            "in five, and incidents get blameless reviews shared company-wide."
        ),
        "headquarters": "Minneapolis, United States",
        "remote_policy": "hybrid",
        "industry": "health",
        "stage": "series-c-plus",
        "employee_count": 1100,
        "founded_year": 2013,
        "tags": [
            "mission-driven",
            "work-life-balance",
            "design-doc-culture",
            "psychological-safety",
        ],
        "ladder_names_tech_lead": True,
        "has_engineering_blog": False,
        "design_doc_culture": True,
        "profile": "good",
    },
    {
        "name": "Tendril Health",
        "slug": "tendril-health",
        "tagline": "Home monitoring app for patients recovering from heart surgery",
        "about": (
            "Tendril connects patients recovering from cardiac surgery with their "
            "hospital care team through a monitoring app, connected scales and blood "
            "pressure cuffs, cutting readmissions in its partner hospitals.\n\n"
            "Thirty engineers work in three mixed teams with designers and a clinician "
            "each. Teams pair on most work and rotate pairs weekly. Releases are "
            "planned in six-week cycles with a two-week cool-down for fixes and "
            "tooling. On-call is shared across all engineers and pages are rare, since "
            "clinical alerts go to hospital staff rather than to engineers."
        ),
        "headquarters": "Copenhagen, Denmark",
        "remote_policy": "hybrid",
        "industry": "health",
        "stage": "series-a",
        "employee_count": 70,
        "founded_year": 2020,
        "tags": [
            "mission-driven",
            "sustainable-pace",
            "psychological-safety",
            "pair-programming",
        ],
        "ladder_names_tech_lead": False,
        "has_engineering_blog": True,
        "design_doc_culture": False,
        "profile": "excellent",
    },
    {
        "name": "Bramble Clinical",
        "slug": "bramble-clinical",
        "tagline": "Clinical trial management software for hospitals and research sponsors",
        "about": (
            "Bramble makes the software that hospitals and pharmaceutical sponsors use "
            "to run clinical trials: patient enrolment, site monitoring and regulatory "
            "submissions. It is used in more than forty countries.\n\n"
            "The engineering organisation of around 2,000 people is split by product "
            "suite, with teams of eight to ten. Validated releases ship quarterly, "
            "each preceded by a formal design and validation review, while the newer "
            "cloud modules ship monthly. Most on-call is handled by a central "
            "operations team, with product engineers as second line."
        ),
        "headquarters": "Melbourne, Australia",
        "remote_policy": "hybrid",
        "industry": "health",
        "stage": "public",
        "employee_count": 6800,
        "founded_year": 2001,
        "tags": ["learning", "work-life-balance", "diverse-teams"],
        "ladder_names_tech_lead": True,
        "has_engineering_blog": False,
        "design_doc_culture": True,
        "profile": "mixed",
    },
    {
        "name": "Pulsegrid",
        "slug": "pulsegrid",
        "tagline": "Wearable-based sleep and recovery coaching",
        "about": (
            "Pulsegrid turns data from wearables into daily sleep and recovery "
            "coaching, sold as a subscription to consumers and through a handful of "
            "insurance partnerships.\n\n"
            "About 90 engineers are organised into feature teams that own a part of "
            "the app and its metrics, with a lot of freedom over how they hit their "
            "targets. The app ships weekly and experiments run constantly. On-call is "
            "per team, and the data-ingestion team carries the heaviest load."
        ),
        "headquarters": "Tel Aviv, Israel",
        "remote_policy": "hybrid",
        "industry": "health",
        "stage": "series-b",
        "employee_count": 210,
        "founded_year": 2018,
        "tags": ["engineering-driven", "product-impact", "high-autonomy"],
        "ladder_names_tech_lead": False,
        "has_engineering_blog": False,
        "design_doc_culture": False,
        "profile": "poor",
    },
    {
        "name": "Brightwater Labs",
        "slug": "brightwater-labs",
        "tagline": "Storefront and inventory tools for independent bookshops and record stores",
        "about": (
            "Brightwater gives independent shops a point-of-sale system, an online "
            "store and inventory sync with wholesalers, priced for businesses with a "
            "few employees.\n\n"
            "Sixty engineers work in teams of five, each owning a customer outcome "
            "such as onboarding or stock accuracy and deciding how to get there. Every "
            "engineer spends a morning a month in a shop or on support calls. The web "
            "product deploys daily and the point-of-sale app monthly. On-call is "
            "weekly per team, and the company funds conference trips and a learning "
            "budget."
        ),
        "headquarters": "Lisbon, Portugal",
        "remote_policy": "remote-friendly",
        "industry": "commerce",
        "stage": "series-b",
        "employee_count": 150,
        "founded_year": 2018,
        "tags": ["product-impact", "customer-obsessed", "high-autonomy", "learning"],
        "ladder_names_tech_lead": True,
        "has_engineering_blog": True,
        "design_doc_culture": False,
        "profile": "good",
    },
    {
        "name": "Amberlane",
        "slug": "amberlane",
        "tagline": "Online marketplace and logistics network across East Asia",
        "about": (
            "Amberlane runs one of the region's largest online marketplaces, along with "
            "its own warehouses, delivery network and payments business. It has been "
            "public for more than twenty years.\n\n"
            "Engineering is about 7,000 people across Tokyo, Taipei and Seoul, "
            "organised into business units with their own platform teams. Design docs "
            "and architecture reviews are mandatory for cross-unit changes. Most "
            "services deploy weekly, with code freezes around major sale events. "
            "On-call is per service, with a central SRE group for core infrastructure."
        ),
        "headquarters": "Tokyo, Japan",
        "remote_policy": "hybrid",
        "industry": "commerce",
        "stage": "public",
        "employee_count": 20000,
        "founded_year": 1998,
        "tags": ["learning", "design-doc-culture", "work-life-balance", "diverse-teams"],
        "ladder_names_tech_lead": True,
        "has_engineering_blog": True,
        "design_doc_culture": True,
        "profile": "mixed",
    },
    {
        "name": "Loomwork",
        "slug": "loomwork",
        "tagline": "Made-to-order apparel platform for small fashion labels",
        "about": (
            "Loomwork lets small fashion labels sell made-to-order clothing, routing "
            "each order to a partner workshop and tracking it until delivery.\n\n"
            "Fourteen engineers work in two teams that pair on most features. "
            "Engineers also run the integrations with workshops and answer support "
            "escalations. The product ships daily, priorities are reset every two "
            "weeks with the founders, and on-call is shared by everyone."
        ),
        "headquarters": "Buenos Aires, Argentina",
        "remote_policy": "hybrid",
        "industry": "commerce",
        "stage": "series-a",
        "employee_count": 38,
        "founded_year": 2021,
        "tags": ["wear-many-hats", "product-impact", "pair-programming"],
        "ladder_names_tech_lead": False,
        "has_engineering_blog": False,
        "design_doc_culture": False,
        "profile": "mixed",
    },
    {
        "name": "Parcelbird",
        "slug": "parcelbird",
        "tagline": "Same-day delivery and returns for Southeast Asian online shops",
        "about": (
            "Parcelbird runs same-day delivery and returns for online shops in "
            "Indonesia, Vietnam and the Philippines, with its own rider network and a "
            "merchant dashboard.\n\n"
            "About 500 engineers work in product teams aligned to riders, merchants "
            "and operations, plus a platform group. Teams own their metrics and ship "
            "daily. Merchant feedback is reviewed weekly by every product team, and "
            "on-call is per team, with extra cover during peak shopping seasons."
        ),
        "headquarters": "Jakarta, Indonesia",
        "remote_policy": "hybrid",
        "industry": "commerce",
        "stage": "series-c-plus",
        "employee_count": 1800,
        "founded_year": 2012,
        "tags": ["customer-obsessed", "product-impact", "diverse-teams"],
        "ladder_names_tech_lead": True,
        "has_engineering_blog": False,
        "design_doc_culture": False,
        "profile": "poor",
    },
    {
        "name": "Keelson",
        "slug": "keelson",
        "tagline": "Strongly consistent object storage that runs on your own hardware",
        "about": (
            "Keelson builds a distributed object store with strong consistency, sold "
            "to banks, research institutes and hosting providers that need to keep "
            "data on their own hardware. The storage engine is open source.\n\n"
            "Around 300 engineers work in teams of six to eight, each with a tech lead. "
            "Every change to the storage engine goes through a design doc and a "
            "correctness review, often with a formal model. Open-source releases ship "
            "quarterly and the managed service weekly. On-call is per team, paid, and "
            "reviewed monthly to keep the load even."
        ),
        "headquarters": "Zurich, Switzerland",
        "remote_policy": "hybrid",
        "industry": "infrastructure",
        "stage": "series-c-plus",
        "employee_count": 700,
        "founded_year": 2015,
        "tags": ["engineering-driven", "learning", "design-doc-culture", "open-source"],
        "ladder_names_tech_lead": True,
        "has_engineering_blog": True,
        "design_doc_culture": True,
        "profile": "excellent",
    },
    {
        "name": "Ironbark Cloud",
        "slug": "ironbark-cloud",
        "tagline": "Regional cloud provider for compute, networking and managed databases",
        "about": (
            "Ironbark operates data centres across Australia, New Zealand and Southeast "
            "Asia, selling compute, networking and managed databases to governments "
            "and companies that need data to stay in the region.\n\n"
            "Engineering is about 5,000 people in service teams of eight to twelve. "
            "Design reviews are required for new services and major changes, and a "
            "principal engineer group runs monthly architecture forums. Services deploy "
            "through staged regional rollouts several times a week. On-call is per "
            "service, compensated, and backed by a central incident team."
        ),
        "headquarters": "Sydney, Australia",
        "remote_policy": "hybrid",
        "industry": "infrastructure",
        "stage": "public",
        "employee_count": 15000,
        "founded_year": 2002,
        "tags": ["engineering-driven", "learning", "design-doc-culture", "work-life-balance"],
        "ladder_names_tech_lead": True,
        "has_engineering_blog": True,
        "design_doc_culture": True,
        "profile": "good",
    },
    {
        "name": "Slipstream Networks",
        "slug": "slipstream-networks",
        "tagline": "Private networking mesh that connects services across clouds",
        "about": (
            "Slipstream gives engineering teams a private network across clouds, data "
            "centres and laptops, with identity-based access rules instead of VPNs and "
            "firewall tickets.\n\n"
            "Twenty-five engineers work remotely across Europe and North America. "
            "There are two loosely defined teams; engineers choose projects from a "
            "shared list and own them through to support and documentation. The agent "
            "releases every two weeks and the control plane continuously. Everyone "
            "joins the on-call rota."
        ),
        "headquarters": "Stockholm, Sweden",
        "remote_policy": "remote-first",
        "industry": "infrastructure",
        "stage": "series-a",
        "employee_count": 45,
        "founded_year": 2021,
        "tags": ["engineering-driven", "remote-first", "high-autonomy", "wear-many-hats"],
        "ladder_names_tech_lead": False,
        "has_engineering_blog": False,
        "design_doc_culture": False,
        "profile": "good",
    },
    {
        "name": "Cinderblock",
        "slug": "cinderblock",
        "tagline": "Managed backups and disaster recovery for small hosting providers",
        "about": (
            "Cinderblock runs backup and disaster-recovery infrastructure that small "
            "hosting providers resell to their customers. It has grown slowly and "
            "profitably for over a decade.\n\n"
            "Eighteen engineers work as one team with a rotating lead; decisions are "
            "discussed in a weekly meeting and written up afterwards. Releases ship "
            "every two weeks, never on Fridays. On-call is one week in eight with a "
            "day off after any night page, and core hours end at four."
        ),
        "headquarters": "Portland, United States",
        "remote_policy": "remote-friendly",
        "industry": "infrastructure",
        "stage": "bootstrapped",
        "employee_count": 30,
        "founded_year": 2012,
        "tags": ["sustainable-pace", "work-life-balance", "flat-hierarchy"],
        "ladder_names_tech_lead": False,
        "has_engineering_blog": False,
        "design_doc_culture": False,
        "profile": "good",
    },
    {
        "name": "Greywater Edge",
        "slug": "greywater-edge",
        "tagline": "Edge compute and CDN for video and game streaming",
        "about": (
            "Greywater runs an edge network tuned for live video and game streaming, "
            "with compute at the edge for transcoding and matchmaking.\n\n"
            "About 90 engineers are split into network, edge runtime and product "
            "teams, each with a tech lead. Design docs are required for changes to "
            "the edge runtime and are reviewed by a small architecture group. Edge "
            "software rolls out weekly, region by region. On-call is per team, and "
            "the network team follows the sun with a partner team in Europe."
        ),
        "headquarters": "Seoul, South Korea",
        "remote_policy": "hybrid",
        "industry": "infrastructure",
        "stage": "series-b",
        "employee_count": 200,
        "founded_year": 2019,
        "tags": ["engineering-driven", "learning", "design-doc-culture"],
        "ladder_names_tech_lead": True,
        "has_engineering_blog": True,
        "design_doc_culture": True,
        "profile": "mixed",
    },
    {
        "name": "Wardstone",
        "slug": "wardstone",
        "tagline": "Secrets management and workload identity for cloud-native teams",
        "about": (
            "Wardstone replaces long-lived credentials with short-lived workload "
            "identities, and manages the secrets that remain, for companies running "
            "on Kubernetes and multiple clouds.\n\n"
            "Eighty engineers work in teams of six, each with a tech lead, and teams "
            "choose their own tools within a supported platform. Every change to the "
            "security model is written up and reviewed by at least two teams. The "
            "service deploys daily, the agent releases monthly, and on-call is paid, "
            "one week in six, with a blameless review after every incident."
        ),
        "headquarters": "Vienna, Austria",
        "remote_policy": "hybrid",
        "industry": "security",
        "stage": "series-b",
        "employee_count": 170,
        "founded_year": 2018,
        "tags": ["engineering-driven", "learning", "design-doc-culture", "high-autonomy"],
        "ladder_names_tech_lead": True,
        "has_engineering_blog": True,
        "design_doc_culture": True,
        "profile": "excellent",
    },
    {
        "name": "Lockfast",
        "slug": "lockfast",
        "tagline": "Open-source dependency scanning for mobile apps",
        "about": (
            "Lockfast scans Android and iOS apps for vulnerable and risky third-party "
            "libraries. The scanner is open source; a hosted dashboard is in beta.\n\n"
            "Seven engineers work remotely across three continents, each covering "
            "scanning, the dashboard, community support and sales demos. Releases go "
            "out weekly and the founders set priorities in a fortnightly call."
        ),
        "headquarters": "Cape Town, South Africa",
        "remote_policy": "remote-first",
        "industry": "security",
        "stage": "seed",
        "employee_count": 11,
        "founded_year": 2024,
        "tags": ["wear-many-hats", "remote-first", "open-source"],
        "ladder_names_tech_lead": False,
        "has_engineering_blog": False,
        "design_doc_culture": False,
        "profile": "sparse",
    },
    {
        "name": "Thornfield Security",
        "slug": "thornfield-security",
        "tagline": "Endpoint protection and managed detection for mid-sized enterprises",
        "about": (
            "Thornfield sells endpoint protection and a managed detection and response "
            "service to mid-sized companies and public-sector bodies.\n\n"
            "Engineering is around 2,500 people across agent, cloud and analyst-tools "
            "groups. Agent changes go through design and security review before a "
            "staged monthly rollout; cloud services deploy weekly. The detection "
            "service runs a 24/7 operations centre, so product engineers are rarely "
            "paged outside working hours."
        ),
        "headquarters": "Reston, United States",
        "remote_policy": "hybrid",
        "industry": "security",
        "stage": "public",
        "employee_count": 8000,
        "founded_year": 2003,
        "tags": ["learning", "work-life-balance", "diverse-teams", "design-doc-culture"],
        "ladder_names_tech_lead": True,
        "has_engineering_blog": False,
        "design_doc_culture": True,
        "profile": "sparse",
    },
    {
        "name": "Redoubt",
        "slug": "redoubt",
        "tagline": "Passwordless login and session security for web apps",
        "about": (
            "Redoubt provides passkey login, session management and bot protection as "
            "an SDK and hosted service. Its client libraries are open source.\n\n"
            "Twenty-eight engineers work in three teams, with technical direction set "
            "by senior engineers in an open weekly forum. Engineers are encouraged to "
            "raise concerns early and incidents get blameless write-ups. The service "
            "deploys daily, SDKs release every two weeks, and on-call is one week in "
            "five."
        ),
        "headquarters": "Tallinn, Estonia",
        "remote_policy": "remote-friendly",
        "industry": "security",
        "stage": "series-a",
        "employee_count": 60,
        "founded_year": 2020,
        "tags": ["engineering-driven", "psychological-safety", "open-source"],
        "ladder_names_tech_lead": False,
        "has_engineering_blog": True,
        "design_doc_culture": False,
        "profile": "good",
    },
    {
        "name": "Driftwood Data",
        "slug": "driftwood-data",
        "tagline": "Open-source streaming pipelines with a managed cloud service",
        "about": (
            "Driftwood maintains an open-source stream-processing engine and sells a "
            "managed cloud version with connectors, schema management and monitoring.\n\n"
            "About 250 engineers work remotely in teams of five to seven, each with a "
            "tech lead. Decisions are written first: RFCs for the open-source engine, "
            "design docs for the cloud, both reviewed asynchronously within a week. "
            "The cloud deploys continuously and the engine ships quarterly. On-call "
            "follows the sun across three regions, and the company runs internal "
            "courses on distributed systems."
        ),
        "headquarters": "Denver, United States",
        "remote_policy": "remote-first",
        "industry": "data",
        "stage": "series-c-plus",
        "employee_count": 650,
        "founded_year": 2015,
        "tags": [
            "engineering-driven",
            "learning",
            "remote-first",
            "design-doc-culture",
            "open-source",
        ],
        "ladder_names_tech_lead": True,
        "has_engineering_blog": True,
        "design_doc_culture": True,
        "profile": "excellent",
    },
    {
        "name": "Tabulary",
        "slug": "tabulary",
        "tagline": "Spreadsheet-style notebooks on top of the data warehouse",
        "about": (
            "Tabulary lets analysts and operations teams work with warehouse data in "
            "a spreadsheet-like interface that compiles to SQL, with versioning and "
            "review built in.\n\n"
            "Fifteen engineers work in one team that pairs on most work, with weekly "
            "reading groups on query engines and compilers. Engineers write the first "
            "draft of the roadmap with the product lead. The product ships daily, and "
            "on-call rotates weekly."
        ),
        "headquarters": "Paris, France",
        "remote_policy": "hybrid",
        "industry": "data",
        "stage": "series-a",
        "employee_count": 35,
        "founded_year": 2022,
        "tags": ["engineering-driven", "learning", "pair-programming"],
        "ladder_names_tech_lead": False,
        "has_engineering_blog": False,
        "design_doc_culture": False,
        "profile": "good",
    },
    {
        "name": "Sluice",
        "slug": "sluice",
        "tagline": "Reliable data syncing between SaaS tools and Postgres",
        "about": (
            "Sluice syncs data from billing, CRM and support tools into customers' "
            "Postgres databases, with an emphasis on correctness and plain pricing. "
            "It has been profitable since launch.\n\n"
            "Ten engineers work entirely remotely and asynchronously. Each owns a set "
            "of connectors and writes a short proposal before larger changes. There "
            "are no sprints: work is planned in six-week cycles with generous slack. "
            "Releases ship weekly, and on-call is one week in ten."
        ),
        "headquarters": "Edinburgh, United Kingdom",
        "remote_policy": "remote-first",
        "industry": "data",
        "stage": "bootstrapped",
        "employee_count": 16,
        "founded_year": 2016,
        "tags": ["sustainable-pace", "remote-first", "high-autonomy"],
        "ladder_names_tech_lead": False,
        "has_engineering_blog": True,
        "design_doc_culture": True,
        "profile": "excellent",
    },
    {
        "name": "Quarry Analytics",
        "slug": "quarry-analytics",
        "tagline": "Product analytics and experimentation for consumer apps",
        "about": (
            "Quarry provides event analytics, funnels and an experimentation platform "
            "used by consumer apps with millions of daily users.\n\n"
            "Engineering is about 600 people in product and data-platform groups. "
            "Design docs are expected for new services and schema changes, reviewed "
            "by a staff engineer from another group. The web app deploys daily and the "
            "ingestion pipeline weekly. On-call is per team; the ingestion teams carry "
            "most of the load after a recent reorganisation."
        ),
        "headquarters": "New York, United States",
        "remote_policy": "hybrid",
        "industry": "data",
        "stage": "series-c-plus",
        "employee_count": 1500,
        "founded_year": 2011,
        "tags": ["learning", "design-doc-culture", "diverse-teams"],
        "ladder_names_tech_lead": True,
        "has_engineering_blog": True,
        "design_doc_culture": True,
        "profile": "mixed",
    },
    {
        "name": "Pocketful",
        "slug": "pocketful",
        "tagline": "Shared shopping lists and household budgeting app",
        "about": (
            "Pocketful is a household app for shared shopping lists, bill splitting "
            "and monthly budgets, with a premium tier and retailer partnerships.\n\n"
            "About 110 engineers work in growth, core app and partnerships teams, all "
            "from the Los Angeles office. Teams run many experiments a week and review "
            "results with product leadership every Monday. The apps release weekly, "
            "and on-call is shared across the mobile and backend teams."
        ),
        "headquarters": "Los Angeles, United States",
        "remote_policy": "onsite",
        "industry": "consumer",
        "stage": "series-b",
        "employee_count": 280,
        "founded_year": 2016,
        "tags": ["product-impact", "customer-obsessed", "diverse-teams"],
        "ladder_names_tech_lead": False,
        "has_engineering_blog": False,
        "design_doc_culture": False,
        "profile": "poor",
    },
    {
        "name": "Murmur",
        "slug": "murmur",
        "tagline": "Voice-note social app for close friend groups",
        "about": (
            "Murmur is a small social app built around voice notes for groups of close "
            "friends, popular with students in the Philippines and Indonesia.\n\n"
            "Six engineers build the apps, backend and moderation tools together, with "
            "the two founders setting direction. New versions ship every week."
        ),
        "headquarters": "Manila, Philippines",
        "remote_policy": "remote-friendly",
        "industry": "consumer",
        "stage": "seed",
        "employee_count": 10,
        "founded_year": 2024,
        "tags": ["wear-many-hats", "product-impact"],
        "ladder_names_tech_lead": False,
        "has_engineering_blog": False,
        "design_doc_culture": False,
        "profile": "sparse",
    },
    {
        "name": "Porchlight",
        "slug": "porchlight",
        "tagline": "Neighbourhood app for lending tools and sharing local recommendations",
        "about": (
            "Porchlight helps neighbours lend tools, swap recommendations and organise "
            "small local events, with a focus on safety and moderation.\n\n"
            "Twenty engineers work in two product teams that pair on most features and "
            "rotate partners each sprint. Product and engineering plan together in "
            "two-week cycles, and anyone can call a pause on a launch that feels "
            "unsafe. The apps release every two weeks and on-call rotates weekly."
        ),
        "headquarters": "Barcelona, Spain",
        "remote_policy": "hybrid",
        "industry": "consumer",
        "stage": "series-a",
        "employee_count": 50,
        "founded_year": 2021,
        "tags": ["product-impact", "psychological-safety", "pair-programming"],
        "ladder_names_tech_lead": False,
        "has_engineering_blog": False,
        "design_doc_culture": False,
        "profile": "good",
    },
    {
        "name": "Goldfinch Media",
        "slug": "goldfinch-media",
        "tagline": "Podcast and audiobook streaming with a creator marketplace",
        "about": (
            "Goldfinch streams podcasts and audiobooks to tens of millions of listeners "
            "and runs a marketplace where independent creators sell subscriptions.\n\n"
            "Engineering is around 3,000 people in mission teams of six to nine, each "
            "with a tech lead and an engineering manager. Design docs are standard "
            "for cross-team work, and a yearly internal conference showcases them. "
            "Apps release every two weeks and services deploy daily. On-call is per "
            "team, paid, and rarely more than one week in eight."
        ),
        "headquarters": "Vancouver, Canada",
        "remote_policy": "hybrid",
        "industry": "consumer",
        "stage": "public",
        "employee_count": 11000,
        "founded_year": 2006,
        "tags": ["learning", "work-life-balance", "design-doc-culture", "diverse-teams"],
        "ladder_names_tech_lead": True,
        "has_engineering_blog": True,
        "design_doc_culture": True,
        "profile": "good",
    },
    {
        "name": "Solstice Grid",
        "slug": "solstice-grid",
        "tagline": "Software that balances home batteries and heat pumps against the grid",
        "about": (
            "Solstice Grid aggregates home batteries, heat pumps and EV chargers into "
            "virtual power plants, shifting demand to when the grid is cleanest and "
            "cheapest.\n\n"
            "Eighty engineers work in teams of six, each with a tech lead, and "
            "engineers set most of the technical roadmap with product. Teams hold "
            "fortnightly learning sessions on energy markets and control systems. "
            "Services deploy daily, device firmware monthly. On-call is paid and "
            "shared evenly, and incidents get blameless reviews."
        ),
        "headquarters": "Oslo, Norway",
        "remote_policy": "hybrid",
        "industry": "climate",
        "stage": "series-b",
        "employee_count": 190,
        "founded_year": 2019,
        "tags": ["mission-driven", "engineering-driven", "learning", "psychological-safety"],
        "ladder_names_tech_lead": True,
        "has_engineering_blog": True,
        "design_doc_culture": False,
        "profile": "excellent",
    },
    {
        "name": "Peatland",
        "slug": "peatland",
        "tagline": "Satellite monitoring and verification for wetland carbon projects",
        "about": (
            "Peatland uses satellite and drone data to measure and verify carbon "
            "stored by restored peatlands and wetlands, for project developers and "
            "registries.\n\n"
            "Eight engineers and scientists work remotely, each owning part of the "
            "pipeline from imagery to reports. The plan lives in a shared document "
            "and releases ship when they are ready."
        ),
        "headquarters": "Reykjavík, Iceland",
        "remote_policy": "remote-first",
        "industry": "climate",
        "stage": "seed",
        "employee_count": 15,
        "founded_year": 2024,
        "tags": ["mission-driven", "remote-first", "wear-many-hats"],
        "ladder_names_tech_lead": False,
        "has_engineering_blog": False,
        "design_doc_culture": False,
        "profile": "sparse",
    },
    {
        "name": "Tideline Carbon",
        "slug": "tideline-carbon",
        "tagline": "Carbon accounting for mining and logistics suppliers",
        "about": (
            "Tideline helps mining and logistics suppliers measure their emissions "
            "and report them to the large buyers and regulators who now require it.\n\n"
            "Sixteen engineers work in one team with no formal managers; the CTO and "
            "two senior engineers set direction with the founders. The product ships "
            "weekly, often shaped by a large customer's reporting deadline, and "
            "on-call is informal."
        ),
        "headquarters": "Santiago, Chile",
        "remote_policy": "hybrid",
        "industry": "climate",
        "stage": "series-a",
        "employee_count": 42,
        "founded_year": 2022,
        "tags": ["mission-driven", "product-impact", "flat-hierarchy"],
        "ladder_names_tech_lead": False,
        "has_engineering_blog": False,
        "design_doc_culture": False,
        "profile": "mixed",
    },
    {
        "name": "Heliograph Energy",
        "slug": "heliograph-energy",
        "tagline": "Operating software for utility-scale solar and storage plants",
        "about": (
            "Heliograph's software monitors and controls utility-scale solar farms and "
            "battery sites, forecasting output and trading it on energy markets.\n\n"
            "About 350 engineers work in domain teams of six to ten. Changes to "
            "control systems require a design doc and a safety review. Plant software "
            "releases monthly through staged rollouts, and cloud services deploy "
            "daily. On-call is paid, shared with a 24/7 operations centre, and pages "
            "outside working hours are tracked and kept low."
        ),
        "headquarters": "Munich, Germany",
        "remote_policy": "hybrid",
        "industry": "climate",
        "stage": "series-c-plus",
        "employee_count": 850,
        "founded_year": 2014,
        "tags": ["mission-driven", "learning", "design-doc-culture", "work-life-balance"],
        "ladder_names_tech_lead": True,
        "has_engineering_blog": True,
        "design_doc_culture": True,
        "profile": "good",
    },
    {
        "name": "Chalkline",
        "slug": "chalkline",
        "tagline": "Maths practice platform for public secondary schools in Latin America",
        "about": (
            "Chalkline gives public secondary schools an adaptive maths practice "
            "platform that works offline on shared devices, with dashboards for "
            "teachers and ministries.\n\n"
            "Twenty-four engineers work in three teams that pair on most work, and "
            "every engineer spends a day each term in a classroom. The company runs "
            "an apprenticeship that brings in engineers from non-traditional "
            "backgrounds. Releases follow the school calendar: weekly during term, "
            "with larger changes shipped in holidays. On-call is light and shared."
        ),
        "headquarters": "Bogotá, Colombia",
        "remote_policy": "remote-friendly",
        "industry": "education",
        "stage": "series-a",
        "employee_count": 58,
        "founded_year": 2020,
        "tags": ["mission-driven", "learning", "pair-programming", "diverse-teams"],
        "ladder_names_tech_lead": False,
        "has_engineering_blog": True,
        "design_doc_culture": False,
        "profile": "excellent",
    },
    {
        "name": "Inkwell Learning",
        "slug": "inkwell-learning",
        "tagline": "Reading assessment tools for primary school teachers",
        "about": (
            "Inkwell makes reading assessments and progress reports for primary school "
            "teachers, used by schools in New Zealand, Australia and the UK.\n\n"
            "Twelve engineers work as a single team with no managers; the two founders "
            "still answer support email alongside everyone else. Work is planned in "
            "school terms, releases ship every two weeks, and nobody is on call "
            "outside working hours."
        ),
        "headquarters": "Wellington, New Zealand",
        "remote_policy": "remote-friendly",
        "industry": "education",
        "stage": "bootstrapped",
        "employee_count": 25,
        "founded_year": 2011,
        "tags": [
            "sustainable-pace",
            "work-life-balance",
            "flat-hierarchy",
            "customer-obsessed",
        ],
        "ladder_names_tech_lead": False,
        "has_engineering_blog": False,
        "design_doc_culture": False,
        "profile": "good",
    },
    {
        "name": "Owlcrest",
        "slug": "owlcrest",
        "tagline": "Live online tutoring and test preparation at national scale",
        "about": (
            "Owlcrest runs live online tutoring and exam preparation for millions of "
            "students, with a marketplace of tutors and adaptive practice content.\n\n"
            "About 500 engineers work in product lines for live classes, content and "
            "payments. Design docs are required for new services, and student and "
            "parent feedback is reviewed in weekly product meetings. Apps release "
            "weekly, with freezes before national exams, and on-call is per team."
        ),
        "headquarters": "Hyderabad, India",
        "remote_policy": "hybrid",
        "industry": "education",
        "stage": "series-c-plus",
        "employee_count": 1300,
        "founded_year": 2013,
        "tags": ["learning", "customer-obsessed", "design-doc-culture"],
        "ladder_names_tech_lead": True,
        "has_engineering_blog": False,
        "design_doc_culture": True,
        "profile": "mixed",
    },
    {
        "name": "Railhead",
        "slug": "railhead",
        "tagline": "Scheduling and dispatch software for rail freight operators",
        "about": (
            "Railhead builds planning, scheduling and dispatch software for rail "
            "freight operators and ports across Europe, replacing spreadsheets and "
            "decades-old in-house systems.\n\n"
            "About 600 engineers work in teams of six to eight, each with a tech "
            "lead. Engineers regularly visit control rooms, and design docs are "
            "required for changes to the scheduling engine. Releases go out every two "
            "weeks, with customer-specific deployment windows. On-call is per team, "
            "with a central support desk handling first-line calls."
        ),
        "headquarters": "Rotterdam, Netherlands",
        "remote_policy": "hybrid",
        "industry": "mobility",
        "stage": "series-c-plus",
        "employee_count": 1600,
        "founded_year": 2014,
        "tags": ["engineering-driven", "learning", "design-doc-culture", "customer-obsessed"],
        "ladder_names_tech_lead": True,
        "has_engineering_blog": True,
        "design_doc_culture": True,
        "profile": "mixed",
    },
    {
        "name": "Switchback Transit",
        "slug": "switchback-transit",
        "tagline": "Ride-pooling and shuttle booking for commuters",
        "about": (
            "Switchback runs shared shuttles and pooled rides for commuters in Lima, "
            "Quito and La Paz, with apps for riders, drivers and corporate clients.\n\n"
            "About 80 engineers work in rider, driver and operations teams. Engineers "
            "often help the operations team with routing problems and driver support, "
            "and priorities are reviewed weekly against ride metrics. The apps release "
            "weekly and on-call covers the morning and evening rush hours."
        ),
        "headquarters": "Lima, Peru",
        "remote_policy": "hybrid",
        "industry": "mobility",
        "stage": "series-b",
        "employee_count": 230,
        "founded_year": 2018,
        "tags": ["product-impact", "customer-obsessed", "wear-many-hats"],
        "ladder_names_tech_lead": False,
        "has_engineering_blog": False,
        "design_doc_culture": False,
        "profile": "poor",
    },
    {
        "name": "Kerbside",
        "slug": "kerbside",
        "tagline": "Parking, tolls and EV charging payments in one app",
        "about": (
            "Kerbside lets drivers pay for parking, tolls and EV charging from one app "
            "and runs the payment back end for several city councils and charging "
            "networks.\n\n"
            "Engineering is around 2,000 people in product and platform groups. "
            "Design docs and architecture review are standard for changes involving "
            "payments or city integrations. Apps release every two weeks and services "
            "weekly. On-call is per service with a central incident team, and the "
            "company has a long-standing flexible-hours policy."
        ),
        "headquarters": "Kuala Lumpur, Malaysia",
        "remote_policy": "hybrid",
        "industry": "mobility",
        "stage": "public",
        "employee_count": 7400,
        "founded_year": 2009,
        "tags": ["work-life-balance", "diverse-teams", "design-doc-culture"],
        "ladder_names_tech_lead": True,
        "has_engineering_blog": False,
        "design_doc_culture": True,
        "profile": "mixed",
    },
    {
        "name": "Ninepin Games",
        "slug": "ninepin-games",
        "tagline": "Cosy multiplayer puzzle games for mobile and console",
        "about": (
            "Ninepin makes cosy multiplayer puzzle games for mobile and console, with "
            "two live titles and a third in development.\n\n"
            "Seventy engineers work in game teams of eight to twelve, each with a tech "
            "lead, plus a shared engine team. Teams pair on gameplay code and review "
            "builds together daily. Live games update every three weeks, and the "
            "studio has a written no-crunch commitment that has held through two "
            "launches. On-call covers live services only, shared across teams."
        ),
        "headquarters": "Helsinki, Finland",
        "remote_policy": "onsite",
        "industry": "gaming",
        "stage": "series-b",
        "employee_count": 160,
        "founded_year": 2017,
        "tags": [
            "pair-programming",
            "psychological-safety",
            "product-impact",
            "sustainable-pace",
        ],
        "ladder_names_tech_lead": True,
        "has_engineering_blog": True,
        "design_doc_culture": False,
        "profile": "excellent",
    },
    {
        "name": "Moonlit Forge",
        "slug": "moonlit-forge",
        "tagline": "Indie studio making narrative strategy games for PC",
        "about": (
            "Moonlit Forge is a small independent studio making narrative strategy "
            "games for PC, funded by the sales of its first two titles.\n\n"
            "Twelve people work remotely with no managers; each programmer owns a "
            "system and the whole team agrees milestones together. Patches ship "
            "monthly, and the studio keeps to a four-day week."
        ),
        "headquarters": "Montevideo, Uruguay",
        "remote_policy": "remote-first",
        "industry": "gaming",
        "stage": "bootstrapped",
        "employee_count": 12,
        "founded_year": 2019,
        "tags": ["flat-hierarchy", "remote-first", "high-autonomy", "sustainable-pace"],
        "ladder_names_tech_lead": False,
        "has_engineering_blog": False,
        "design_doc_culture": False,
        "profile": "sparse",
    },
    {
        "name": "Hexfall Studios",
        "slug": "hexfall-studios",
        "tagline": "Free-to-play online action games and the live-ops platform behind them",
        "about": (
            "Hexfall makes free-to-play online action games and runs its own live-ops "
            "platform for events, matchmaking and in-game purchases.\n\n"
            "About 450 engineers work in game teams and a central platform group. "
            "Teams are measured on player engagement and revenue per season, and the "
            "studio runs an internal academy for junior engineers. Seasons launch "
            "every ten weeks, and on-call covers live services around the clock."
        ),
        "headquarters": "Warsaw, Poland",
        "remote_policy": "onsite",
        "industry": "gaming",
        "stage": "series-c-plus",
        "employee_count": 1200,
        "founded_year": 2010,
        "tags": ["product-impact", "diverse-teams", "learning"],
        "ladder_names_tech_lead": True,
        "has_engineering_blog": False,
        "design_doc_culture": False,
        "profile": "poor",
    },
    {
        "name": "Paperlane",
        "slug": "paperlane",
        "tagline": "Procurement and contract approvals for mid-market finance teams",
        "about": (
            "Paperlane handles purchase requests, approvals and supplier contracts for "
            "mid-sized companies, integrating with their accounting systems.\n\n"
            "About 350 engineers work in teams of six aligned to customer workflows. "
            "Engineers join customer calls every quarter, and design docs are expected "
            "for anything touching integrations or permissions. The product deploys "
            "daily behind flags. On-call is one week in six, paid, with a quiet-hours "
            "policy for non-urgent alerts."
        ),
        "headquarters": "Auckland, New Zealand",
        "remote_policy": "hybrid",
        "industry": "enterprise-saas",
        "stage": "series-c-plus",
        "employee_count": 950,
        "founded_year": 2013,
        "tags": [
            "customer-obsessed",
            "design-doc-culture",
            "work-life-balance",
            "diverse-teams",
        ],
        "ladder_names_tech_lead": True,
        "has_engineering_blog": True,
        "design_doc_culture": True,
        "profile": "good",
    },
    {
        "name": "Clearform",
        "slug": "clearform",
        "tagline": "Form builder and workflow automation for NGOs and field teams",
        "about": (
            "Clearform lets NGOs and field teams build offline-capable forms, collect "
            "data on phones and route it into approval workflows.\n\n"
            "Ten engineers work directly with the founders and regularly visit "
            "customers in the field. Everyone covers support, infrastructure and "
            "hiring, and decisions are made in a short daily call. The product ships "
            "several times a week."
        ),
        "headquarters": "Accra, Ghana",
        "remote_policy": "hybrid",
        "industry": "enterprise-saas",
        "stage": "seed",
        "employee_count": 20,
        "founded_year": 2023,
        "tags": ["wear-many-hats", "product-impact", "customer-obsessed", "flat-hierarchy"],
        "ladder_names_tech_lead": False,
        "has_engineering_blog": False,
        "design_doc_culture": False,
        "profile": "good",
    },
    {
        "name": "Northgable",
        "slug": "northgable",
        "tagline": "HR, payroll and scheduling software for large employers",
        "about": (
            "Northgable provides HR, payroll and shift-scheduling software to large "
            "employers in retail, mining and healthcare across Africa and the Middle "
            "East.\n\n"
            "Engineering is around 1,000 people in product groups with teams of eight "
            "to twelve. Architecture and design reviews are required for payroll "
            "changes, and the company runs a graduate programme with structured "
            "training. Payroll releases ship monthly outside pay-run windows; other "
            "modules release every two weeks. On-call is per product group."
        ),
        "headquarters": "Johannesburg, South Africa",
        "remote_policy": "hybrid",
        "industry": "enterprise-saas",
        "stage": "public",
        "employee_count": 3100,
        "founded_year": 2007,
        "tags": ["learning", "design-doc-culture", "work-life-balance", "diverse-teams"],
        "ladder_names_tech_lead": True,
        "has_engineering_blog": False,
        "design_doc_culture": True,
        "profile": "poor",
    },
]

REVIEWS = {
    "positive": [
        {
            "headline": "Best engineering culture I've worked in",
            "pros": (
                "Design reviews are genuinely useful: people read your doc and leave "
                "specific comments within a couple of days. Senior engineers make time "
                "to mentor and it shows in how quickly new joiners ramp up."
            ),
            "cons": (
                "The promotion process is slow and document-heavy; my packet took two "
                "cycles. Some older services have years of debt nobody owns."
            ),
            "role": "Senior Backend Engineer",
        },
        {
            "headline": "Calm on-call, interesting problems",
            "pros": (
                "On-call is one week in six and I was paged out of hours twice last "
                "quarter. Incidents get blameless reviews and the follow-up tickets "
                "actually get prioritised."
            ),
            "cons": (
                "Comp refreshes are modest unless you get promoted. The internal "
                "deploy tooling is showing its age."
            ),
            "role": "SRE",
        },
        {
            "headline": "Real ownership from week one",
            "pros": (
                "My team owns a product metric and we pick how to move it. I shipped a "
                "customer-facing feature in my second week and saw the usage data the "
                "next morning."
            ),
            "cons": (
                "Documentation lags behind the code, so onboarding relies on asking "
                "people. Priorities can shift when a big customer escalates."
            ),
            "role": "Frontend Engineer",
        },
        {
            "headline": "Great place to grow as a junior",
            "pros": (
                "I paired with a senior engineer for my first month and had a mentor "
                "outside my team. Code review is fast, kind and thorough; I learned more "
                "in a year here than in university."
            ),
            "cons": (
                "Junior salaries are below what some larger companies pay. The career "
                "ladder above senior is vague."
            ),
            "role": "Junior Software Engineer",
        },
        {
            "headline": "Managers who actually manage",
            "pros": (
                "My manager runs useful one-to-ones, fights for headcount and gave me "
                "honest feedback before my promotion case went in. Reorgs are rare and "
                "explained in advance."
            ),
            "cons": (
                "Cross-team dependencies can stall projects for weeks. The planning "
                "process has grown a bit heavy as we've scaled."
            ),
            "role": "Engineering Manager",
        },
        {
            "headline": "Remote done properly",
            "pros": (
                "Everything important is written down, decisions are made in docs, and "
                "nobody expects you online outside your hours. The home-office stipend "
                "and yearly meetups are generous."
            ),
            "cons": (
                "It can feel isolated if your team is spread thin across time zones. "
                "Async reviews sometimes take longer than a quick call would."
            ),
            "role": "Senior Frontend Engineer",
        },
        {
            "headline": "Staff role with real scope",
            "pros": (
                "The staff track is well defined and staff engineers lead architecture "
                "forums rather than just attending them. Leadership listens when you "
                "bring data."
            ),
            "cons": (
                "A lot of my time goes into reviewing other teams' designs. Getting "
                "budget for platform work still takes a lot of persuasion."
            ),
            "role": "Staff Engineer",
        },
        {
            "headline": "ML work that reaches production",
            "pros": (
                "Models go from notebook to production through a solid platform with "
                "evaluation gates, so experiments don't die in a slide deck. GPU access "
                "is rarely a bottleneck."
            ),
            "cons": (
                "Ownership of the feature store is unclear after the last reorg. Some "
                "product managers expect model gains on very short timelines."
            ),
            "role": "ML Engineer",
        },
        {
            "headline": "Sustainable pace is real here",
            "pros": (
                "We plan to about 70% capacity and missed dates lead to a re-plan, not "
                "weekends. I've taken all my holiday two years running without guilt."
            ),
            "cons": (
                "The pace can feel slow if you come from a startup. Big initiatives "
                "take a couple of quarters to get going."
            ),
            "role": "Mobile Engineer",
        },
        {
            "headline": "Tech lead role is respected",
            "pros": (
                "Tech lead is a named role with clear expectations, and it is treated "
                "as leadership rather than extra work. I get time for design and "
                "mentoring, not only tickets."
            ),
            "cons": (
                "Tech leads end up in a lot of meetings. The line between tech lead and "
                "manager responsibilities is still being worked out."
            ),
            "role": "Tech Lead",
        },
        {
            "headline": "Solid data platform and kind people",
            "pros": (
                "The data platform is well built, with tests on pipelines and clear "
                "ownership of tables. People answer questions in public channels "
                "without making you feel stupid."
            ),
            "cons": (
                "Backfills still need a lot of manual babysitting. Data engineering is "
                "sometimes treated as a service team rather than a partner."
            ),
            "role": "Data Engineer",
        },
        {
            "headline": "Honest leadership and a clear mission",
            "pros": (
                "Leadership shares the numbers at every all-hands, including the bad "
                "ones. The mission comes up in real product decisions, and I can see "
                "the impact of my work."
            ),
            "cons": (
                "Pay is slightly below market and equity refreshes are small. The "
                "office setup for hybrid meetings is poor."
            ),
            "role": "Full-Stack Engineer",
        },
        {
            "headline": "Code review culture is excellent",
            "pros": (
                "Pull requests are reviewed within a few hours and reviewers explain "
                "the why behind suggestions. CI is fast and flaky tests are fixed "
                "instead of retried."
            ),
            "cons": (
                "The monorepo is large and local builds can be slow. Some teams gate "
                "changes with more reviewers than they need."
            ),
            "role": "Senior Software Engineer",
        },
        {
            "headline": "Lots of learning support",
            "pros": (
                "The learning budget actually gets spent, and there are reading groups, "
                "internal courses and rotations between teams. I moved from backend to "
                "infrastructure without leaving the company."
            ),
            "cons": (
                "Learning time disappears near big launches. Promotion expectations "
                "differ noticeably between departments."
            ),
            "role": "Platform Engineer",
        },
        {
            "headline": "Good balance of freedom and support",
            "pros": (
                "Teams choose their tools and plan their own work, but there is a "
                "strong platform team so you don't reinvent deployment or monitoring. "
                "Security reviews are quick and pragmatic."
            ),
            "cons": (
                "With so much autonomy, some teams duplicate each other's work. The "
                "internal wiki is hard to search."
            ),
            "role": "Security Engineer",
        },
    ],
    "mixed": [
        {
            "headline": "Great team, unclear direction",
            "pros": (
                "My immediate team is excellent: sharp, supportive and fast at code "
                "review. The technical problems are interesting and the stack is modern."
            ),
            "cons": (
                "Strategy changes every quarter and we have shelved two nearly finished "
                "projects this year. It is hard to see how our work ladders up."
            ),
            "role": "Senior Backend Engineer",
        },
        {
            "headline": "Good pay, heavy on-call",
            "pros": (
                "Compensation is competitive and the last comp refresh was fair. You "
                "learn a lot about running systems at scale."
            ),
            "cons": (
                "On-call is one week in four and nights are regularly interrupted. "
                "Postmortem actions pile up because feature work always wins."
            ),
            "role": "SRE",
        },
        {
            "headline": "Depends entirely on your manager",
            "pros": (
                "Some managers here are outstanding and really invest in their "
                "reports. Flexible hours and a decent remote setup."
            ),
            "cons": (
                "Others barely hold one-to-ones, and there is little consistency in "
                "how performance is judged. Moving teams to escape a bad manager is "
                "slow."
            ),
            "role": "Frontend Engineer",
        },
        {
            "headline": "Lots of process after the last reorg",
            "pros": (
                "The design-doc culture means decisions are written down and you can "
                "find out why things are the way they are. Benefits are good."
            ),
            "cons": (
                "Since the reorg, small changes need sign-off from three teams. "
                "Design reviews can take weeks, and it slows everyone down."
            ),
            "role": "Staff Engineer",
        },
        {
            "headline": "Fast-moving but messy",
            "pros": (
                "You ship a lot and see your work in front of users quickly. There is "
                "plenty of scope to take on more if you want it."
            ),
            "cons": (
                "Tech debt is piling up and tests are thin in older parts of the "
                "codebase. Incidents are frequent, and the same few people fix them."
            ),
            "role": "Full-Stack Engineer",
        },
        {
            "headline": "Solid place, slow promotions",
            "pros": (
                "Stable company, reasonable hours and good colleagues. The engineering "
                "ladder is documented and the expectations are clear on paper."
            ),
            "cons": (
                "Promotion slots are limited each cycle, so meeting the bar is not "
                "enough. Several strong engineers left after waiting two years."
            ),
            "role": "Senior Software Engineer",
        },
        {
            "headline": "Interesting ML, frustrating infrastructure",
            "pros": (
                "The research problems are genuinely interesting, and you work next to "
                "people who publish. There is real appetite for trying new approaches."
            ),
            "cons": (
                "Training infrastructure is fragile and GPU allocation is political. "
                "Too much time goes on babysitting jobs instead of modelling."
            ),
            "role": "ML Engineer",
        },
        {
            "headline": "Good for learning, hard on the mobile team",
            "pros": (
                "You get exposure to the whole product and the release process is well "
                "automated. Colleagues are happy to explain things."
            ),
            "cons": (
                "Mobile is treated as an afterthought: the backend changes, the app "
                "breaks, and we find out from users. Our roadmap is mostly reactive."
            ),
            "role": "Mobile Engineer",
        },
        {
            "headline": "Nice people, very little autonomy",
            "pros": (
                "Friendly culture, good benefits and genuinely respected holidays. "
                "The office is pleasant and the commute is manageable."
            ),
            "cons": (
                "Product decides everything and engineers get tickets with little "
                "context. Pushing back on scope rarely goes anywhere."
            ),
            "role": "Software Engineer",
        },
        {
            "headline": "Startup energy with startup chaos",
            "pros": (
                "Tiny team, huge scope, and you work directly with the founders. I've "
                "touched infrastructure, billing and the frontend in my first year."
            ),
            "cons": (
                "No real onboarding, no career framework and priorities change weekly. "
                "Being the only person who knows a system is exhausting."
            ),
            "role": "Founding Engineer",
        },
        {
            "headline": "Tech lead without the authority",
            "pros": (
                "I get to shape the technical direction of my team and the engineers "
                "are strong. Leadership is open to feedback in principle."
            ),
            "cons": (
                "The tech lead role isn't recognised on the ladder, so the extra work "
                "doesn't count at promotion time. Architecture calls get overruled late."
            ),
            "role": "Tech Lead",
        },
        {
            "headline": "Data team stretched thin",
            "pros": (
                "The warehouse is in decent shape and the analytics engineers are "
                "excellent. Leadership values data and asks good questions."
            ),
            "cons": (
                "Four of us support every team in the company and ad-hoc requests eat "
                "the roadmap. Pipeline on-call is unofficial and unpaid."
            ),
            "role": "Data Engineer",
        },
        {
            "headline": "Good benefits, slow code review",
            "pros": (
                "Generous parental leave, a learning budget and a real four-day week "
                "in August. People respect your time off."
            ),
            "cons": (
                "Pull requests sit for days waiting for the one person who owns a "
                "service. Releases are batched and stressful."
            ),
            "role": "Backend Engineer",
        },
        {
            "headline": "Managing here is a balancing act",
            "pros": (
                "Managers get real training and a supportive peer group. The company "
                "takes people problems seriously and HR is responsive."
            ),
            "cons": (
                "Headcount plans change mid-year, so I've had to walk back offers. "
                "Too much time goes into status reporting for leadership."
            ),
            "role": "Engineering Manager",
        },
        {
            "headline": "Remote-friendly in name",
            "pros": (
                "You can work from home most of the week, and the engineering tooling "
                "for remote work is good. Core hours are reasonable."
            ),
            "cons": (
                "Important decisions still happen in the office, and remote people find "
                "out afterwards. Promotion rates for remote engineers look lower."
            ),
            "role": "Senior Frontend Engineer",
        },
    ],
    "negative": [
        {
            "headline": "Burnout factory during launches",
            "pros": (
                "You learn fast, and the people in the trenches with you are great. "
                "The product does reach a lot of users."
            ),
            "cons": (
                "Every launch means weeks of late nights and weekend work. Dates are "
                "set by leadership before engineers see the scope, and nobody re-plans."
            ),
            "role": "Senior Backend Engineer",
        },
        {
            "headline": "On-call is brutal",
            "pros": (
                "The SRE team is small but very skilled, and you get deep experience "
                "with production systems."
            ),
            "cons": (
                "Pages every night of the on-call week, no compensation and no time "
                "allocated to fix root causes. Alerts are noisy and nobody owns them."
            ),
            "role": "SRE",
        },
        {
            "headline": "Constant reorgs",
            "pros": (
                "Individual colleagues are smart and helpful. Salaries were competitive "
                "when I joined."
            ),
            "cons": (
                "Three reorgs in eighteen months; I've had four managers. Projects get "
                "cancelled halfway and nobody explains why."
            ),
            "role": "Software Engineer",
        },
        {
            "headline": "Promotion process is opaque",
            "pros": (
                "The codebase is reasonably modern and the CI pipeline is fast. You "
                "can work from home when you need to."
            ),
            "cons": (
                "Promotions are decided in a closed room with no written criteria. "
                "Feedback is vague and comp refreshes have been frozen for two years."
            ),
            "role": "Senior Software Engineer",
        },
        {
            "headline": "Engineers are order-takers",
            "pros": "Good benefits and a nice office. The frontend stack is a pleasure.",
            "cons": (
                "Engineers get fully specified tickets and are not invited to planning. "
                "Questions about why we're building something are treated as pushback."
            ),
            "role": "Frontend Engineer",
        },
        {
            "headline": "Tech debt nobody is allowed to fix",
            "pros": (
                "Plenty of interesting scale problems, and some very experienced "
                "engineers to learn from."
            ),
            "cons": (
                "Every proposal to pay down debt is deferred to next quarter. Releases "
                "break in the same ways repeatedly and we spend more time firefighting "
                "than building."
            ),
            "role": "Staff Engineer",
        },
        {
            "headline": "Micromanagement from the top",
            "pros": (
                "My direct teammates were supportive, and the mission is one I still believe in."
            ),
            "cons": (
                "Executives review pull requests and change priorities in chat late "
                "at night. Managers have no real authority and design reviews are "
                "theatre."
            ),
            "role": "Engineering Manager",
        },
        {
            "headline": "Junior engineers are left to sink",
            "pros": "You get responsibility early and ship to production in your first week.",
            "cons": (
                "No onboarding, no mentor and seniors are too busy to review properly. "
                "Mistakes are called out in public channels."
            ),
            "role": "Junior Software Engineer",
        },
        {
            "headline": "ML team as a demo factory",
            "pros": (
                "Access to good data and decent compute budgets. Some of the research "
                "colleagues are excellent."
            ),
            "cons": (
                "Models are built for board demos and rarely maintained after launch. "
                "There is no evaluation process, and production issues land on whoever "
                "built the demo."
            ),
            "role": "ML Engineer",
        },
        {
            "headline": "Return-to-office handled badly",
            "pros": "The engineering tooling is solid and the release process is well automated.",
            "cons": (
                "We were hired as remote and then given eight weeks to relocate or "
                "leave. Trust in leadership hasn't recovered."
            ),
            "role": "Mobile Engineer",
        },
        {
            "headline": "Design docs as a blocking ritual",
            "pros": (
                "Decisions are documented, and the archive of old docs is genuinely "
                "useful for understanding the system."
            ),
            "cons": (
                "Even small changes need a doc and three approvals from people who "
                "rarely read them. It can take a month to start coding."
            ),
            "role": "Backend Engineer",
        },
        {
            "headline": "Tech lead is an unpaid job",
            "pros": (
                "You get a lot of influence over the architecture of your area, and the "
                "engineers on my team are talented."
            ),
            "cons": (
                "The tech lead role has no title, no pay bump and no time allocation. "
                "I was doing management work while still measured on tickets closed."
            ),
            "role": "Tech Lead",
        },
        {
            "headline": "Data quality is nobody's job",
            "pros": (
                "Modern tools and a decent warehouse. Analysts are friendly and "
                "appreciate the work."
            ),
            "cons": (
                "Upstream teams change schemas without notice and data breaks weekly. "
                "Pipeline failures are blamed on the data team regardless of cause."
            ),
            "role": "Data Engineer",
        },
        {
            "headline": "Layoffs and silence",
            "pros": (
                "Severance for those laid off was fair, and the remaining team pulls together."
            ),
            "cons": (
                "Two rounds of layoffs with no explanation of the strategy. We now "
                "cover three teams' services with one team's headcount."
            ),
            "role": "Senior Software Engineer",
        },
        {
            "headline": "Customer escalations run everything",
            "pros": (
                "You learn how customers really use the product, and fixing their "
                "problems can be satisfying."
            ),
            "cons": (
                "Any large customer can derail a sprint with one email. Planned work "
                "never finishes and engineers are pulled into sales calls at short "
                "notice."
            ),
            "role": "Full-Stack Engineer",
        },
    ],
}
