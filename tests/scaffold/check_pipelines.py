#!/usr/bin/env python3
"""Checks the structure of the pipelines `perfwatch init ci` wrote into a folder.

    check_pipelines.py github|gitlab ROOT BRANCH

Parses the YAML and checks what issues 6 and 15 ask of each: baseline runs on BRANCH, pull/merge
request runs that compare and fail on regression, a manual trigger with parameters, a schedule,
an opt-in A/B job for pull/merge requests and a manual bisect job taking GOOD and BAD (issue 16),
sharded bench jobs merged into one database kept between runs whatever the verdict, the report
published, no runner tag that hosted runners lack, the fork workflow never checking out code. Prints
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
    expect(set(jobs) == {"bench", "report", "ab", "bisect", "pages"}, f"jobs: {sorted(jobs)}")
    expect({"good", "bad", "bisect-benchmark"} <= set(inputs), "bisect inputs")
    expect("inputs.good == ''" in jobs["bench"]["if"], "a bisect runs no suite")
    ab = jobs["ab"]
    expect("pull_request" in ab["if"] and "vars.PERFWATCH_AB" in ab["if"], "A/B on PRs, opt-in")
    expect(ab["steps"][0]["with"]["fetch-depth"] == 0, "A/B sees the base branch")
    expect('perfwatch --db ab/perfwatch.duckdb ab "origin/$BASE_REF" HEAD' in scripts(ab),
           "A/B against the base, its session kept in the artifact")
    expect('--marker "<!-- perfwatch-ab -->"' in scripts(ab), "A/B verdicts in their comment")
    bisect = jobs["bisect"]
    expect("workflow_dispatch" in bisect["if"] and "inputs.bad" in bisect["if"], "manual bisect")
    expect('perfwatch bisect "$GOOD" "$BAD"' in scripts(bisect), "bisect GOOD BAD")
    expect(uses(bisect)[-1] == "actions/cache/save", "bisect keeps its builds and pairs")
    bench = jobs["bench"]
    shards = bench["strategy"]["matrix"]["shard"]
    expect(shards == list(range(1, len(shards) + 1)), "shards numbered from 1")
    expect(workflow["env"]["SHARDS"] == str(len(shards)), "SHARDS matches the matrix")
    run = [step for step in bench["steps"] if step.get("uses") == "./.github/actions/perfwatch"]
    expect(len(run) == 1 and "matrix.shard" in run[0]["with"]["shard"],
           "bench runs its shard through the perfwatch action")
    expect("inputs.runner" in bench["runs-on"], "the runner is chosen by hand")
    # issue 14: suspect results are re-run, within a budget, against the history read from the cache
    expect(len(run) == 1 and run[0]["with"].get("history") == "perfwatch.duckdb",
           "bench judges against the history")
    expect("actions/cache/restore" in uses(bench), "bench restores the history")
    with open(f"{root}/.github/actions/perfwatch/action.yml") as file:
        action = yaml.safe_load(file)
    expect("--confirm-suspects --confirm-budget" in scripts(action["runs"]),
           "the action re-runs suspects within a budget")
    expect("actions/upload-artifact" in uses(bench), "shard databases are uploaded")
    report = jobs["report"]
    expect(report["needs"] == "bench", "report waits for the shards")
    expect(uses(report)[:4] == ["actions/checkout", "./.github/actions/perfwatch",
                                "actions/cache/restore", "actions/download-artifact"],
           f"report restores: {uses(report)}")
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
    expect(len(save) == 1 and save[0]["if"].startswith("always() && env.EXTENDS_HISTORY == 'true'"),
           "baseline runs save the history whatever the verdict")
    expect("github.event_name != 'pull_request'" in report["env"]["EXTENDS_HISTORY"],
           "pull requests never extend the history")
    expect("run_attempt" in save[0]["with"]["key"], "a re-run saves under its own key")
    names = [step.get("name", step.get("uses")) for step in report["steps"]]
    expect(names.index("Check for regressions") < names.index("actions/cache/save@v4"),
           "alerts are checked before the history is saved")
    expect(workflow["concurrency"]["cancel-in-progress"] != True,
           "baseline runs are never cancelled")
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
    checkouts = [step for step in job["steps"] if step.get("uses", "").startswith("actions/checkout")]
    expect(all("repository" not in step.get("with", {}) and "ref" not in step.get("with", {})
               for step in checkouts), "never checks out the fork's code")
    expect("--workflow-run-event \"$GITHUB_EVENT_PATH\"" in scripts(job),
           "posts the comment on the pull request the event names")


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
    expect("tags" not in bench, "untagged by default: hosted runners have no `linux` tag")
    expect("--confirm-suspects --confirm-budget" in scripts(bench), "suspects re-run in a budget")
    expect("--confirm-history perfwatch.duckdb" in scripts(bench), "against the history")
    expect(any(cache["key"].startswith("perfwatch-db-") and cache["policy"] == "pull"
               for cache in bench["cache"]), "bench reads the history")
    expect(pipeline["bench-tagged"]["tags"] == ["$PERFWATCH_RUNNER_TAG"], "a tag when asked")
    report = pipeline["report"]
    text = scripts(report)
    for command in ("perfwatch merge", "--format junit", "report --out site", "perfwatch check"):
        expect(command in text, f"report runs {command}")
    history = [cache for cache in report["cache"] if cache["key"].startswith("perfwatch-db-")]
    expect(len(history) == 1 and history[0]["policy"] == "pull",
           "merge requests only read the history")
    expect(history and history[0].get("unprotect") is True,
           "merge requests see the protected branch's cache")
    kept = [cache for cache in pipeline["report-history"]["cache"]
            if cache["key"].startswith("perfwatch-db-")]
    expect(len(kept) == 1 and kept[0]["policy"] == "pull-push", "baseline writes it")
    expect(kept and kept[0].get("when") == "always", "the history is kept whatever the verdict")
    expect(report["artifacts"]["reports"]["junit"] == "pr/junit-*.xml", "JUnit in the MR")
    expect(pipeline["pages"]["artifacts"]["paths"] == ["public"], "GitLab Pages")
    ab = pipeline["ab"]
    expect(ab["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event" && '
                                  '$PERFWATCH_AB == "true"'}], "A/B on merge requests, opt-in")
    expect(ab["variables"]["GIT_DEPTH"] == 0, "A/B sees the target branch")
    expect('perfwatch --db ab/perfwatch.duckdb ab "origin/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME" '
           'HEAD' in scripts(ab), "A/B against the target branch, its session kept in the artifact")
    expect('perfwatch notify gitlab-comment --body-file ab/comment.md --marker '
           '"<!-- perfwatch-ab -->"' in scripts(ab), "A/B verdicts in the merge request's note")
    expect('[ -n "$PERFWATCH_GITLAB_TOKEN" ]' in scripts(ab), "the note only with a token")
    for name in ("PERFWATCH_GOOD", "PERFWATCH_BAD"):
        expect("description" in variables[name], f"{name} is offered on Run pipeline")
    bisect = pipeline["bisect"]
    expect('perfwatch bisect "$PERFWATCH_GOOD" "$PERFWATCH_BAD"' in scripts(bisect), "bisect")
    for job in ("bench", "bench-tagged", "report", "report-history"):
        expect(pipeline[job]["rules"][0] == {"if": "$PERFWATCH_GOOD && $PERFWATCH_BAD",
                                             "when": "never"}, f"a bisect runs no {job}")


def main():
    provider, root, branch = sys.argv[1:4]
    {"github": check_github, "gitlab": check_gitlab}[provider](root, branch)
    for problem in problems:
        print(f"{provider}: missing: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
