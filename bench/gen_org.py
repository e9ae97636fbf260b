#!/usr/bin/env python3
"""Write a synthetic alignment repo of N files in accordant's format.

One document per file, one folder per kind named like its schema (`goal/` for
`goal.schema.json`), so bench/peers.sh can run other validators on the
same files against `schemas/`. Dates are quoted: the peers' YAML parsers follow
YAML 1.1 and would turn an unquoted 2026-10-15 into a timestamp (accordant reads
YAML 1.2, where it stays text), which would make them report every file. The org is internally consistent (references
resolve, shared goals are reviewed and paid jointly) so `accordant check` does the
same work it does on a real repo; a few deliberate conflicts keep the rules busy.

usage: gen_org.py N OUT_DIR [--seed S]
"""

import argparse
import os
import random
import shutil

LOREM = (
    "Both teams agree on this definition and review it every quarter. "
    "Marketing sources and nurtures demand; Sales qualifies, follows up and closes. "
    "Numbers come from the CRM's weekly snapshot and are reconciled with finance. "
)

SHARES = {  # share of files per kind (teams and metrics are fixed fractions)
    "goal": 0.40,
    "responsibility": 0.22,
    "agreement": 0.10,
    "ritual": 0.10,
    "incentive": 0.08,
}


def q(s):
    """A YAML double-quoted string."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def desc(rng, sentences):
    """A Markdown paragraph of about `sentences` * 8 sentences, wrapped like prose."""
    words = " ".join(
        rng.choice(LOREM.split(". ")).strip(". ") + "." for _ in range(sentences * 8)
    ).split()
    lines, line = [], []
    for w in words:
        line.append(w)
        if sum(len(x) + 1 for x in line) > 90:
            lines.append("  " + " ".join(line))
            line = []
    if line:
        lines.append("  " + " ".join(line))
    return "\n".join(lines)


def write(out, kind, ident, body):
    path = os.path.join(out, kind, ident + ".yaml")
    with open(path, "w", encoding="utf-8") as f:
        f.write(body)


def team_doc(i, n_members, rng):
    tid = f"team-{i}"
    lines = [
        "kind: Team",
        f"id: {tid}",
        f"name: {q('Team ' + str(i))}",
        "description: |",
        desc(rng, 4),
        "leads:",
        f"  - '@lead-{i}'",
        "members:",
        f"  - github: lead-{i}",
        f"    name: {q('Lead ' + str(i))}",
        "    role: Team lead",
    ]
    for m in range(n_members):
        lines += [
            f"  - github: person-{i}-{m}",
            f"    name: {q(f'Person {i}-{m}')}",
            "    role: Account executive",
            f"    email: person-{i}-{m}@example.com",
        ]
    lines += [
        "channels:",
        "  - type: slack",
        f"    name: '#team-{i}'",
        "    open: true",
        "  - type: email",
        f"    name: team-{i}@example.com",
    ]
    return "\n".join(lines) + "\n"


def metric_doc(i, teams, rng):
    owner = teams[i % len(teams)]
    other = teams[(i + 1) % len(teams)]
    category = ["volume", "quality", "revenue", "pipeline", "efficiency"][i % 5]
    lines = [
        "kind: Metric",
        f"id: metric-{i}",
        f"name: {q('Metric ' + str(i))}",
        "aliases:",
        f"  - {q('M' + str(i))}",
        "definition: |",
        desc(rng, 6),
        "unit: count",
        "direction: increase",
        f"category: {category}",
        f"owner: {owner}",
        f"approved_by: [{owner}, {other}]",
        "source: CRM weekly snapshot",
        "formula: count of records meeting the definition in the period",
    ]
    return "\n".join(lines) + "\n"


def goal_doc(i, teams, n_metrics, n_shared, rng):
    a = teams[i % len(teams)]
    b = teams[(i * 7 + 1) % len(teams)]
    # One goal in three is shared, as long as there is a joint plan to pay it.
    owners = [a, b] if a != b and i % 3 == 0 and i // 3 < n_shared else [a]
    metric = f"metric-{(i * 5) % n_metrics}"
    lines = [
        "kind: Goal",
        f"id: goal-{i}",
        f"title: {q(f'Grow qualified pipeline in segment {i}')}",
        "description: |",
        desc(rng, 6),
        f"owners: [{', '.join(owners)}]",
        f"primary_owner: {owners[0]}",
        "period: FY27-H1",
        f"metric: {metric}",
        f"baseline: {1000 + i}",
        f"target: {1500 + i}",
        f"current: {1200 + i}",
        "direction: increase",
        "status: on-track",
    ]
    if i >= 10:
        lines.append(f"parent: goal-{rng.randrange(0, min(i, 10))}")
    lines.append("key_results:")
    for k in range(6):
        lines += [
            f"  - id: kr-{k}",
            f"    title: {q(f'Key result {k} of goal {i}')}",
            "    type: metric",
            f"    metric: metric-{(i + k) % n_metrics}",
            f"    owner: {owners[k % len(owners)]}",
            f"    baseline: {100 + k}",
            f"    target: {150 + k}",
            f"    current: {120 + k}",
            "    direction: increase",
            f"    due: '2026-{12 if k % 2 else 11}-{10 + k:02d}'",
            f"    weight: {25 if k < 2 else 12.5}",
            "    last_check_in: '2026-11-20'",
        ]
    return "\n".join(lines) + "\n"


def responsibility_doc(i, teams, rng):
    a = teams[i % len(teams)]
    b = teams[(i + 1) % len(teams)]
    c = teams[(i + 2) % len(teams)]
    d = teams[(i + 3) % len(teams)]
    lines = [
        "kind: Responsibility",
        f"id: activity-{i}",
        f"activity: {q(f'Activity {i}')}",
        "description: |",
        desc(rng, 9),
        "handoff:",
        f"  from: {a}",
        f"  to: {b}",
        f"responsible: [{a}, {b}]",
        f"lead: {a}",
        f"accountable: {b if i % 2 else a}",
        f"consulted: [{c}]",
        f"informed: [{d}]",
    ]
    return "\n".join(lines) + "\n"


def agreement_doc(i, teams, n_resp, rng):
    r = i % n_resp
    a = teams[r % len(teams)]
    b = teams[(r + 1) % len(teams)]
    lines = [
        "kind: Agreement",
        f"id: sla-{i}",
        f"name: {q(f'Hand-off agreement {i}')}",
        "description: |",
        desc(rng, 8),
        f"parties: [{a}, {b}]",
        f"handoff: activity-{r}",
        "commitments:",
        f"  - team: {a}",
        "    summary: Deliver qualified leads that meet the shared definition",
        "    volume:",
        "      amount: 300",
        "      per: month",
        f"  - team: {b}",
        "    summary: Follow up every lead within one business day",
        "    response_time_hours: 24",
        "    contact_attempts: 3",
        "    capacity:",
        "      amount: 400",
        "      per: month",
        "return_rule: Leads not accepted within 5 business days return to nurture",
        "disposition_codes: [no-budget, no-authority, bad-fit, duplicate, unreachable]",
        "last_reviewed: '2026-10-15'",
        "review_every_days: 92",
    ]
    return "\n".join(lines) + "\n"


def ritual_doc(i, teams, goals_for_ritual, agreements_for_ritual, rng):
    parts = sorted({t for g in goals_for_ritual for t in g[1]} | {t for a in agreements_for_ritual for t in a[1]})
    if not parts:
        parts = [teams[i % len(teams)]]
    lines = [
        "kind: Ritual",
        f"id: ritual-{i}",
        f"name: {q(f'Weekly review {i}')}",
        "description: |",
        desc(rng, 9),
        "cadence: weekly",
        "day: monday",
        "time: '09:30'",
        "timezone: Europe/Paris",
        "duration_minutes: 45",
        "started_on: '2026-01-05'",
        f"dri: '@lead-{parts[0].split('-')[1]}'",
        f"participants: [{', '.join(parts)}]",
    ]
    if goals_for_ritual:
        lines.append("goals:")
        lines += [f"  - {g[0]}" for g in goals_for_ritual]
    if agreements_for_ritual:
        lines.append("agreements:")
        lines += [f"  - {a[0]}" for a in agreements_for_ritual]
    lines.append("channel: '#revenue-weekly'")
    return "\n".join(lines) + "\n"


def incentive_doc(i, shared_goal, rng):
    gid, owners = shared_goal
    lines = [
        "kind: Incentive",
        f"id: plan-{i}",
        f"name: {q(f'Joint pipeline plan {i}')}",
        "description: |",
        desc(rng, 8),
        "period: FY27-H1",
        f"participants: [{', '.join(owners)}]",
        "variable_pay_share: 20",
        "components:",
        "  - id: pipeline",
        f"    goal: {gid}",
        "    weight: 60",
        "    threshold: 70",
        "    cap: 150",
        "    guardrails: [metric-1]",
        "  - id: revenue",
        "    metric: metric-2",
        "    weight: 40",
        "    threshold: 80",
        "    cap: 200",
        "gate:",
        f"  goal: {gid}",
        "  min_attainment: 70",
        f"  applies_to: [{', '.join(owners)}]",
        "credit_splits:",
        "  - deal_type: new-business",
        "    splits:",
    ]
    share = 100 // len(owners)
    for k, t in enumerate(owners):
        lines.append(f"      {t}: {share + (100 - share * len(owners) if k == 0 else 0)}")
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int, help="number of files to write")
    ap.add_argument("out", help="output folder (replaced if it holds a generated org)")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    n = max(args.n, 20)
    out = args.out
    marker = os.path.join(out, ".generated-by-gen_org")
    if os.path.exists(out):
        if not os.path.exists(marker):
            raise SystemExit(f"{out} exists and was not made by gen_org.py; refusing to replace it")
        shutil.rmtree(out)
    kinds = ["team", "metric", "goal", "responsibility", "incentive", "agreement", "ritual"]
    for k in kinds:
        os.makedirs(os.path.join(out, k))
    with open(marker, "w") as f:
        f.write("generated\n")

    n_teams = max(4, n // 60)
    n_metrics = max(5, n // 25)
    rest = n - n_teams - n_metrics
    n_goals = max(1, int(rest * SHARES["goal"]))
    n_resp = max(1, int(rest * SHARES["responsibility"]))
    n_agree = max(1, int(rest * SHARES["agreement"]))
    n_inc = max(1, int(rest * SHARES["incentive"]))
    n_rit = max(1, rest - n_goals - n_resp - n_agree - n_inc)

    with open(os.path.join(out, "accordant.yaml"), "w") as f:
        f.write(
            "org: Synthetic Org\n"
            "periods:\n"
            "  - id: FY27-H1\n    start: 2026-08-01\n    end: 2027-01-31\n"
            "  - id: FY27-H2\n    start: 2027-02-01\n    end: 2027-07-31\n"
            "include: ['**/*.yaml']\n"
            "limits:\n  max_accountable_share: 100\n"
        )
    teams = [f"team-{i}" for i in range(n_teams)]
    for i in range(n_teams):
        write(out, "team", f"team-{i}", team_doc(i, 30, rng))
    for i in range(n_metrics):
        write(out, "metric", f"metric-{i}", metric_doc(i, teams, rng))
    goals = []
    for i in range(n_goals):
        body = goal_doc(i, teams, n_metrics, n_inc, rng)
        write(out, "goal", f"goal-{i}", body)
        owners_line = next(l for l in body.splitlines() if l.startswith("owners:"))
        owners = [t.strip() for t in owners_line[len("owners: ["):-1].split(",")]
        goals.append((f"goal-{i}", owners))
    for i in range(n_resp):
        write(out, "responsibility", f"activity-{i}", responsibility_doc(i, teams, rng))
    agreements = []
    for i in range(n_agree):
        r = i % n_resp
        agreements.append((f"sla-{i}", [teams[r % len(teams)], teams[(r + 1) % len(teams)]]))
        write(out, "agreement", f"sla-{i}", agreement_doc(i, teams, n_resp, rng))
    shared = [g for g in goals if len(g[1]) > 1]
    for i in range(n_inc):
        write(out, "incentive", f"plan-{i}", incentive_doc(i, shared[i % len(shared)] if shared else goals[0], rng))
    # Spread the shared goals and agreements over the rituals so each is reviewed.
    per_goal = [[] for _ in range(n_rit)]
    per_agree = [[] for _ in range(n_rit)]
    for k, g in enumerate(shared):
        per_goal[k % n_rit].append(g)
    for k, a in enumerate(agreements):
        per_agree[k % n_rit].append(a)
    for i in range(n_rit):
        write(out, "ritual", f"ritual-{i}", ritual_doc(i, teams, per_goal[i], per_agree[i], rng))
    total = sum(len(files) for _, _, files in os.walk(out)) - 2
    size = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(out) for f in fs)
    print(f"wrote {total} documents ({size / 1e6:.1f} MB) to {out}")


if __name__ == "__main__":
    main()
