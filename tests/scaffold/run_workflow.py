#!/usr/bin/env python3
"""Runs a generated GitHub Actions workflow's jobs on this machine, in order, step by step.

    run_workflow.py WORKFLOW EVENT STATE_DIR [input=value ...]

Each job (each matrix value) runs in a fresh copy of the current folder (the checked-out
project) under STATE_DIR/jobs, so nothing passes between jobs or runs except through artifacts
and caches, as on GitHub. `run:` steps run there with bash -e and the workflow's, job's and
step's env, their ${{ }} expressions evaluated. `uses:` steps are played
by folders under STATE_DIR: upload/download-artifact (per run), cache restore/save (kept
between runs, as Actions keeps caches), upload-pages-artifact; checkout and deploy-pages do
nothing. The step with id `install` is skipped: perfwatch is already on PATH. Matrix jobs run
once per value. The context (github.*, secrets.*) comes from the environment: GITHUB_REPOSITORY,
GITHUB_REF_NAME, GITHUB_BASE_REF, PR_NUMBER, HEAD_REPOSITORY, WORKFLOW_RUN_EVENT, GITHUB_TOKEN.
Prints one line per step; exits with the first failing step's status (later steps of that job
do not run, as in Actions), 0 when every job passed.
"""
import glob
import os
import re
import shutil
import subprocess
import sys

import yaml


def context(event, inputs):
    env = os.environ
    repository = env["GITHUB_REPOSITORY"]
    return {
        "github": {
            "event_name": event,
            "repository": repository,
            "ref": env.get("GITHUB_REF", ""),
            "ref_name": env.get("GITHUB_REF_NAME", ""),
            "base_ref": env.get("GITHUB_BASE_REF", ""),
            "run_id": env.get("GITHUB_RUN_ID", "1"),
            "event": {"pull_request": {"number": env.get("PR_NUMBER", ""),
                                       "head": {"repo": {"full_name":
                                                         env.get("HEAD_REPOSITORY", repository)}}},
                      "workflow_run": {"event": env.get("WORKFLOW_RUN_EVENT", ""), "id": "1",
                                       "head_repository": {"full_name":
                                                           env.get("HEAD_REPOSITORY", repository)}}},
        },
        "inputs": inputs,
        "secrets": {"GITHUB_TOKEN": env.get("GITHUB_TOKEN", "")},
        "steps": {"deploy": {"outputs": {"page_url": ""}}},
        "needs": {"report": {"result": "success"}},
    }


def lookup(ctx, dotted):
    value = ctx
    for part in dotted.split("."):
        value = value.get(part, "") if isinstance(value, dict) else ""
    return value


def evaluate(expression, ctx):
    """The subset of Actions expressions the templates use: dotted names, 'strings', ==, !=,
    &&, ||, always()."""
    python = re.sub(r"'[^']*'|[A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)+|always\(\)|&&|\|\|",
                    lambda m: {"&&": " and ", "||": " or ", "always()": "True"}.get(
                        m.group(0), m.group(0) if m.group(0).startswith("'")
                        else repr(lookup(ctx, m.group(0)))), expression)
    return eval(python, {"__builtins__": {}}, {})  # noqa: S307 (our own templates only)


def substitute(text, ctx):
    return re.sub(r"\$\{\{(.*?)\}\}", lambda m: str(evaluate(m.group(1).strip(), ctx)), str(text))


def play_action(uses, with_, state, ctx):
    name = uses.split("@")[0]
    artifacts = os.path.join(state, "artifacts")
    caches = os.path.join(state, "caches")
    if name in ("actions/checkout", "actions/deploy-pages"):
        return
    if name == "actions/upload-artifact":
        target = os.path.join(artifacts, substitute(with_["name"], ctx))
        shutil.rmtree(target, ignore_errors=True)
        source = substitute(with_["path"], ctx)
        if os.path.isdir(source):
            shutil.copytree(source, target)
        else:
            os.makedirs(target)
            shutil.copy(source, target)
        return
    if name == "actions/download-artifact":
        path = substitute(with_.get("path", "."), ctx)
        os.makedirs(path, exist_ok=True)
        pattern = substitute(with_.get("pattern", with_.get("name", "*")), ctx)
        for folder in sorted(glob.glob(os.path.join(artifacts, pattern))):
            shutil.copytree(folder, path if with_.get("merge-multiple") or "name" in with_
                            else os.path.join(path, os.path.basename(folder)), dirs_exist_ok=True)
        return
    if name == "actions/cache/restore":
        keys = [substitute(with_["key"], ctx)] + [
            substitute(line, ctx) for line in str(with_.get("restore-keys", "")).splitlines()
            if line.strip()]
        for key in keys:  # exact key first, then the newest cache whose key starts with a prefix
            found = sorted(glob.glob(os.path.join(caches, glob.escape(key) + "*")),
                           key=os.path.getmtime)
            if found:
                shutil.copy(os.path.join(found[-1], "file"), substitute(with_["path"], ctx))
                print(f"  cache hit: {os.path.basename(found[-1])}", flush=True)
                return
        print("  cache miss", flush=True)
        return
    if name == "actions/cache/save":
        target = os.path.join(caches, substitute(with_["key"], ctx))
        os.makedirs(target, exist_ok=True)
        shutil.copy(substitute(with_["path"], ctx), os.path.join(target, "file"))
        return
    if name == "actions/upload-pages-artifact":
        target = os.path.join(state, "pages")
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(substitute(with_["path"], ctx), target)
        return
    raise SystemExit(f"run_workflow.py: no stand-in for action {uses}")


def run_job(name, job, workflow, ctx, state):
    if "if" in job and not evaluate(job["if"], ctx):
        print(f"job {name}: skipped", flush=True)
        return 0
    matrix = job.get("strategy", {}).get("matrix", {})
    combinations = [{}] if not matrix else [{key: value} for key, values in matrix.items()
                                            for value in values]
    project = os.getcwd()
    for combination in combinations:
        ctx["matrix"] = combination
        workdir = os.path.join(state, "jobs", name + "".join(f"-{v}" for v in combination.values()))
        shutil.rmtree(workdir, ignore_errors=True)
        shutil.copytree(project, workdir, symlinks=True)
        os.chdir(workdir)
        try:
            status = run_steps(name, job, workflow, ctx, state)
        finally:
            os.chdir(project)
        if status != 0:
            return status
    return 0


def run_steps(name, job, workflow, ctx, state):
    for step in job["steps"]:
        label = step.get("name", step.get("uses", "?"))
        if "if" in step and not evaluate(step["if"], ctx):
            print(f"job {name}: step {substitute(label, ctx)}: skipped", flush=True)
            continue
        if step.get("id") == "install":
            continue
        print(f"job {name}: step {substitute(label, ctx)}", flush=True)
        if "uses" in step:
            play_action(step["uses"], step.get("with", {}), state, ctx)
            continue
        env = dict(os.environ)
        for scope in (workflow.get("env", {}), job.get("env", {}), step.get("env", {})):
            env.update({key: substitute(value, ctx) for key, value in scope.items()})
        status = subprocess.run(["bash", "-e", "-c", substitute(step["run"], ctx)],
                                env=env).returncode
        if status != 0:
            print(f"job {name}: step {substitute(label, ctx)}: exit {status}", flush=True)
            return status
    return 0


def main():
    workflow_path, event, state = sys.argv[1:4]
    state = os.path.abspath(state)
    inputs = dict(argument.split("=", 1) for argument in sys.argv[4:])
    with open(workflow_path) as file:
        workflow = yaml.safe_load(file)
    if event != "workflow_run":  # a workflow_run reads the artifacts of the run before it
        shutil.rmtree(os.path.join(state, "artifacts"), ignore_errors=True)
    ctx = context(event, inputs)
    done = []
    while len(done) < len(workflow["jobs"]):
        for name, job in workflow["jobs"].items():
            needs = job.get("needs", [])
            needs = [needs] if isinstance(needs, str) else needs
            if name in done or not all(need in done for need in needs):
                continue
            status = run_job(name, job, workflow, ctx, state)
            if status != 0:
                return status
            done.append(name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
