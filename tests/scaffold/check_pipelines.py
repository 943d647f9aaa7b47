#!/usr/bin/env python3
"""Checks the structure of the pipelines `perfwatch init ci` wrote into a folder.

    check_pipelines.py github|gitlab ROOT BRANCH

Parses the YAML and checks what issue 6 asks of each: baseline runs on BRANCH, pull/merge
request runs that compare and fail on regression, a manual trigger with parameters, a schedule,
sharded bench jobs merged into one database kept between runs, the report published. Prints
every problem found and exits 1 when there is one.
"""
import sys

import yaml

problems = []


def expect(condition, message):
    if not condition:
        problems.append(message)


def scripts(job):
    """All shell text of a GitHub job's run steps, or of a GitLab job's script lines."""
    if "steps" in job:
        return "\n".join(step.get("run", "") for step in job["steps"])
    lines = job.get("before_script", []) + job.get("script", [])
    return "\n".join(line if isinstance(line, str) else "\n".join(line) for line in lines)


def uses(job):
    return [step["uses"].split("@")[0] for step in job.get("steps", []) if "uses" in step]


def check_github(root, branch):
    with open(f"{root}/.github/workflows/perfwatch.yml") as file:
        workflow = yaml.safe_load(file)
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    expect(triggers["push"]["branches"] == [branch], "push runs on the baseline branch")
    expect("pull_request" in triggers, "pull requests run")
    expect(triggers["schedule"][0]["cron"].count(" ") == 4, "a cron schedule")
    inputs = triggers["workflow_dispatch"]["inputs"]
    expect({"filter", "params", "profile", "runner"} <= set(inputs), "manual inputs")
    jobs = workflow["jobs"]
    expect(set(jobs) == {"bench", "report", "pages"}, f"jobs: {sorted(jobs)}")
    bench = jobs["bench"]
    shards = bench["strategy"]["matrix"]["shard"]
    expect(shards == list(range(1, len(shards) + 1)), "shards numbered from 1")
    expect(workflow["env"]["SHARDS"] == str(len(shards)), "SHARDS matches the matrix")
    expect("--shard \"$SHARD/$SHARDS\"" in scripts(bench), "bench runs its shard")
    expect("inputs.runner" in bench["runs-on"], "the runner is chosen by hand")
    expect("actions/upload-artifact" in uses(bench), "shard databases are uploaded")
    report = jobs["report"]
    expect(report["needs"] == "bench", "report waits for the shards")
    expect(uses(report)[:3] == ["actions/checkout", "actions/cache/restore",
                                "actions/download-artifact"], f"report restores: {uses(report)}")
    text = scripts(report)
    for command in ("perfwatch merge shards/shard-*.duckdb -o perfwatch.duckdb",
                    "--format markdown", "--format json", "--format junit", "report --out site",
                    "notify github-comment", "notify github-issue", "notify webhook",
                    "perfwatch check"):
        expect(command in text, f"report runs {command}")
    steps = {step.get("name", step.get("uses")): step for step in report["steps"]}
    expect(steps["Fail on a regression"] is report["steps"][-1], "failing comes last")
    expect("pull_request" in steps["Comment on the pull request"]["if"], "comments on PRs")
    save = [step for step in report["steps"] if step.get("uses", "").startswith("actions/cache/save")]
    expect(len(save) == 1 and save[0]["if"] == "github.event_name != 'pull_request'",
           "only baseline runs save the history")
    expect(report["permissions"]["pull-requests"] == "write", "may comment")
    pages = jobs["pages"]
    expect(pages["permissions"]["pages"] == "write", "pages may deploy")
    expect(uses(pages) == ["actions/deploy-pages"], "pages deploys")

    with open(f"{root}/.github/workflows/perfwatch-comment.yml") as file:
        comment = yaml.safe_load(file)
    triggers = comment.get("on", comment.get(True))
    expect(triggers["workflow_run"]["workflows"] == [workflow["name"]],
           "workflow_run follows the benchmark workflow")
    job = comment["jobs"]["comment"]
    expect("head_repository.full_name != github.repository" in job["if"], "forks only")
    expect("actions/checkout" not in uses(job), "never checks out the fork's code")
    expect("notify github-comment" in scripts(job), "posts the comment")


def check_gitlab(root, branch):
    with open(f"{root}/.gitlab-ci.yml") as file:
        pipeline = yaml.safe_load(file)
    rules = [rule["if"] for rule in pipeline["workflow"]["rules"]]
    for source in ("merge_request_event", "schedule", "web", branch):
        expect(any(source in rule for rule in rules), f"runs on {source}")
    variables = pipeline["variables"]
    for name in ("PERFWATCH_FILTER", "PERFWATCH_PARAMS", "PERFWATCH_PROFILE"):
        expect("description" in variables[name], f"{name} is offered on Run pipeline")
    expect(pipeline["stages"] == ["bench", "report", "deploy"], "stages")
    bench = pipeline["bench"]
    expect(bench["parallel"] >= 2, "bench is split into parallel jobs")
    expect("--shard \"$CI_NODE_INDEX/$CI_NODE_TOTAL\"" in scripts(bench), "shards")
    report = pipeline["report"]
    text = scripts(report)
    for command in ("perfwatch merge", "--format junit", "report --out site", "perfwatch check"):
        expect(command in text, f"report runs {command}")
    expect(report["cache"]["policy"] == "pull", "merge requests only read the history")
    expect(pipeline["report-history"]["cache"]["policy"] == "pull-push", "baseline writes it")
    expect(report["artifacts"]["reports"]["junit"] == "pr/junit-*.xml", "JUnit in the MR")
    expect(pipeline["pages"]["artifacts"]["paths"] == ["public"], "GitLab Pages")


def main():
    provider, root, branch = sys.argv[1:4]
    {"github": check_github, "gitlab": check_gitlab}[provider](root, branch)
    for problem in problems:
        print(f"{provider}: missing: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
