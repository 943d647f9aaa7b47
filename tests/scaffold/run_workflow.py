#!/usr/bin/env python3
"""Runs a generated GitHub Actions workflow's jobs on this machine, in order, step by step.

    run_workflow.py WORKFLOW EVENT STATE_DIR [input=value ...]

Each job (each matrix value) runs in a fresh copy of the current folder (the checked-out
project) under STATE_DIR/jobs, so nothing passes between jobs or runs except through artifacts
and caches, as on GitHub. `run:` steps run there with bash -e and the workflow's, job's and
step's env, their ${{ }} expressions evaluated. `uses:` steps are played
by folders under STATE_DIR: upload/download-artifact (per run), cache restore/save (kept
between runs, as Actions keeps caches), upload-pages-artifact; checkout and deploy-pages do
nothing. Local composite actions (uses: ./path) run their steps with their inputs; steps whose
id starts with `install` are skipped: perfwatch is already on PATH. Steps' outputs
($GITHUB_OUTPUT) feed steps.<id>.outputs; each job's summaries ($GITHUB_STEP_SUMMARY) are kept in
STATE_DIR/summaries. Matrix jobs run once per value. The context (github.*, secrets.*, vars.*)
comes from the environment: GITHUB_REPOSITORY, GITHUB_REF_NAME, GITHUB_BASE_REF, GITHUB_ACTOR,
PR_NUMBER, HEAD_REPOSITORY, WORKFLOW_RUN_EVENT, WORKFLOW_RUN_ACTOR, GITHUB_SHA, GITHUB_HEAD_REF,
GITHUB_TOKEN, VARS_<NAME>; a workflow_run's event file (GITHUB_EVENT_PATH) is written from them.
Prints one line per step; after a failing step only `if: always()` steps of that job run, as in
Actions; exits with the first failing step's status, 0 when every job passed.
"""
import glob
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys

import yaml


def context(event, inputs):
    env = os.environ
    repository = env["GITHUB_REPOSITORY"]
    head_repository = env.get("HEAD_REPOSITORY", repository)
    workflow_run = {"event": env.get("WORKFLOW_RUN_EVENT", ""), "id": "1",
                    "head_sha": env.get("GITHUB_SHA", ""),
                    "head_branch": env.get("GITHUB_HEAD_REF", ""),
                    "actor": {"login": env.get("WORKFLOW_RUN_ACTOR", "octocat")},
                    "pull_requests": [],  # GitHub lists none for a fork's pull request
                    "head_repository": {"full_name": head_repository,
                                        "owner": {"login": head_repository.split("/")[0]}}}
    return {
        "github": {
            "event_name": event,
            "repository": repository,
            "actor": env.get("GITHUB_ACTOR", "octocat"),
            "token": env.get("GITHUB_TOKEN", ""),
            "ref": env.get("GITHUB_REF", ""),
            "ref_name": env.get("GITHUB_REF_NAME", ""),
            "base_ref": env.get("GITHUB_BASE_REF", ""),
            "run_id": env.get("GITHUB_RUN_ID", "1"),
            "run_attempt": "1",
            "event": {"pull_request": {"number": env.get("PR_NUMBER", ""),
                                       "head": {"repo": {"full_name": head_repository}}},
                      "workflow_run": workflow_run},
        },
        "inputs": inputs,
        "vars": {key[len("VARS_"):]: value for key, value in env.items()
                 if key.startswith("VARS_")},
        "secrets": {"GITHUB_TOKEN": env.get("GITHUB_TOKEN", "")},
        "runner": {"os": "Linux", "arch": "X64", "tool_cache": "/tmp/tool-cache"},
        "env": {},
        "steps": {},
        "needs": {"report": {"result": "success"}},
    }


def lookup(ctx, dotted):
    value = ctx
    for part in dotted.split("."):
        value = value.get(part, "") if isinstance(value, dict) else ""
    return value


def hash_files(pattern):
    """hashFiles(): a digest of the files matching `pattern` in the job's folder, '' for none."""
    found = sorted(glob.glob(pattern, recursive=True))
    return hashlib.sha256(b"".join(open(path, "rb").read() for path in found)).hexdigest() \
        if found else ""


def evaluate(expression, ctx):
    """The subset of Actions expressions the templates use: dotted names, 'strings', ==, !=,
    &&, ||, !, parentheses, always(), hashFiles('glob')."""
    python = re.sub(
        r"'[^']*'|[A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)+|always\(\)|hashFiles|&&|\|\||!(?!=)",
        lambda m: {"&&": " and ", "||": " or ", "!": " not ", "always()": "True",
                   "hashFiles": "hash_files"}.get(
            m.group(0), m.group(0) if m.group(0).startswith("'")
            else repr(lookup(ctx, m.group(0)))), expression)
    return eval(python, {"__builtins__": {}}, {"hash_files": hash_files})  # noqa: S307


def render(value):
    """A value as Actions writes it into text: booleans as true/false."""
    return {True: "true", False: "false"}.get(value, value) if isinstance(value, bool) \
        else str(value)


def substitute(text, ctx):
    return re.sub(r"\$\{\{(.*?)\}\}", lambda m: render(evaluate(m.group(1).strip(), ctx)),
                  str(text))


def play_action(uses, with_, state, ctx):
    """Plays action `uses`; returns its outputs."""
    name = uses.split("@")[0]
    artifacts = os.path.join(state, "artifacts")
    caches = os.path.join(state, "caches")
    if name in ("actions/checkout", "actions/deploy-pages"):
        return {}
    if name == "actions/upload-artifact":
        target = os.path.join(artifacts, substitute(with_["name"], ctx))
        shutil.rmtree(target, ignore_errors=True)
        source = substitute(with_["path"], ctx)
        if os.path.isdir(source):
            shutil.copytree(source, target)
        else:
            os.makedirs(target)
            shutil.copy(source, target)
        return {}
    if name == "actions/download-artifact":
        path = substitute(with_.get("path", "."), ctx)
        os.makedirs(path, exist_ok=True)
        pattern = substitute(with_.get("pattern", with_.get("name", "*")), ctx)
        for folder in sorted(glob.glob(os.path.join(artifacts, pattern))):
            shutil.copytree(folder, path if with_.get("merge-multiple") or "name" in with_
                            else os.path.join(path, os.path.basename(folder)), dirs_exist_ok=True)
        return {}
    if name == "actions/cache/restore":
        keys = [substitute(with_["key"], ctx)] + [
            substitute(line, ctx) for line in str(with_.get("restore-keys", "")).splitlines()
            if line.strip()]
        for key in keys:  # exact key first, then the newest cache whose key starts with a prefix
            found = sorted(glob.glob(os.path.join(caches, glob.escape(key) + "*")),
                           key=os.path.getmtime)
            if found:
                shutil.copy(os.path.join(found[-1], "file"), substitute(with_["path"], ctx))
                matched = os.path.basename(found[-1])
                print(f"  cache hit: {matched}", flush=True)
                return {"cache-hit": render(matched == keys[0]), "cache-matched-key": matched}
        print("  cache miss", flush=True)
        return {"cache-hit": "false", "cache-matched-key": ""}
    if name == "actions/cache/save":
        target = os.path.join(caches, substitute(with_["key"], ctx))
        os.makedirs(target, exist_ok=True)
        shutil.copy(substitute(with_["path"], ctx), os.path.join(target, "file"))
        return {}
    if name == "actions/upload-pages-artifact":
        target = os.path.join(state, "pages")
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(substitute(with_["path"], ctx), target)
        return {}
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
        ctx["steps"] = {}
        job_env = {}
        for scope in (workflow.get("env", {}), job.get("env", {})):
            job_env.update({key: substitute(value, ctx) for key, value in scope.items()})
        ctx["env"] = job_env
        try:
            status = run_steps(name, job["steps"], job_env, ctx, state,
                               dict(os.environ, GITHUB_EVENT_PATH=write_event(state, ctx)))
        finally:
            os.chdir(project)
        if status != 0:
            return status
    return 0


def run_composite(uses, with_, name, ctx, state, env):
    """Runs the local composite action at `uses` (./path); returns (status, outputs)."""
    with open(os.path.join(uses, "action.yml")) as file:
        action = yaml.safe_load(file)
    inputs = {key: str(spec.get("default", "")) for key, spec in action.get("inputs", {}).items()}
    for key, value in with_.items():
        if key not in inputs:
            raise SystemExit(f"run_workflow.py: {uses} has no input {key}")
        inputs[key] = substitute(value, ctx)
    inner = dict(ctx, inputs=inputs, steps={})
    env = dict(env, GITHUB_ACTION_PATH=os.path.abspath(uses))
    status = run_steps(name, action["runs"]["steps"], {}, inner, state, env)
    outputs = {key: substitute(spec["value"], inner)
               for key, spec in action.get("outputs", {}).items()}
    return status, outputs


def run_steps(name, steps, job_env, ctx, state, base_env=None):
    """Runs `steps` in the current folder; returns the first failing step's status, else 0."""
    failed = 0
    env = dict(base_env or os.environ)
    env.update(job_env)
    env["GITHUB_STEP_SUMMARY"] = os.path.join(state, "summaries", name + ".md")
    os.makedirs(os.path.dirname(env["GITHUB_STEP_SUMMARY"]), exist_ok=True)
    for step in steps:
        label = step.get("name", step.get("uses", "?"))
        if step.get("id", "").startswith("install"):
            continue
        condition = step.get("if", "")
        if (failed and "always()" not in condition) or (condition and not evaluate(condition, ctx)):
            print(f"job {name}: step {substitute(label, ctx)}: skipped", flush=True)
            continue
        print(f"job {name}: step {substitute(label, ctx)}", flush=True)
        outputs = {}
        if step.get("uses", "").startswith("./"):
            status, outputs = run_composite(step["uses"], step.get("with", {}), name, ctx, state,
                                            env)
        elif "uses" in step:
            status, outputs = 0, play_action(step["uses"], step.get("with", {}), state, ctx)
        else:
            step_env = dict(env)
            step_env.update({key: substitute(value, ctx)
                             for key, value in step.get("env", {}).items()})
            output_file = os.path.join(state, "step-output")
            open(output_file, "w").close()
            step_env["GITHUB_OUTPUT"] = output_file
            status = subprocess.run(["bash", "-e", "-c", substitute(step["run"], ctx)],
                                    env=step_env).returncode
            with open(output_file) as file:
                outputs = dict(line.rstrip("\n").split("=", 1) for line in file if "=" in line)
        if "id" in step:
            ctx["steps"][step["id"]] = {"outputs": outputs}
        if status != 0:
            print(f"job {name}: step {substitute(label, ctx)}: exit {status}", flush=True)
            failed = failed or status
    return failed


def write_event(state, ctx):
    """The event file a workflow_run job reads at GITHUB_EVENT_PATH."""
    path = os.path.join(state, "event.json")
    with open(path, "w") as file:
        json.dump({"action": "completed", "workflow_run": ctx["github"]["event"]["workflow_run"]},
                  file)
    return path


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
