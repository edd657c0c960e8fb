"""The files ``briefkit init`` writes for hooks and CI: ``.pre-commit-config.yaml``, the GitHub
Actions workflow, and the ``.gitignore`` entries for what briefkit generates.

Kept apart from :mod:`briefkit.authoring.init` (which decides what to write where) so that each
file's text can be read, and tested by running it, on its own.
"""

from __future__ import annotations

REPO_VARIABLE = "BRIEFKIT_REPO"

HOOK_IDS = ("briefkit-check", "briefkit-check-config")
"""The hooks of briefkit's ``.pre-commit-hooks.yaml``, in order."""


def pre_commit_config(url: str, revision: str) -> str:
    """``.pre-commit-config.yaml`` running briefkit's own hooks from its pinned repository."""
    hooks = "".join(f"      - id: {hook}\n" for hook in HOOK_IDS)
    return (
        "# Checks the briefs each commit stages, with briefkit's own hooks.\n"
        f"# The repository is pinned through {REPO_VARIABLE} (a git URL and commit) when\n"
        "# `briefkit init` ran; update both together.\n"
        "repos:\n"
        f"  - repo: {url}\n"
        f"    rev: {revision}\n"
        "    hooks:\n" + hooks
    )


def local_pre_commit_config() -> str:
    """``.pre-commit-config.yaml`` running the ``briefkit`` installed on this machine (no pinned
    repository is known): the same hooks as briefkit's own, as ``repo: local`` hooks."""
    return (
        "# Checks the briefs each commit stages with the briefkit installed here (it must be on\n"
        "# the PATH when git runs the hook). To pin briefkit's own hooks instead, run\n"
        f"# `briefkit init` with {REPO_VARIABLE}=URL@COMMIT after removing this file.\n"
        "repos:\n"
        "  - repo: local\n"
        "    hooks:\n"
        f"      - id: {HOOK_IDS[0]}\n"
        "        name: briefkit check\n"
        "        entry: briefkit check --staged\n"
        "        language: system\n"
        "        types: [json]\n"
        "        pass_filenames: true\n"
        "        require_serial: true\n"
        f"      - id: {HOOK_IDS[1]}\n"
        "        name: briefkit check (configuration changed)\n"
        "        entry: briefkit check --staged\n"
        "        language: system\n"
        "        files: (^|/)(briefkit\\.toml|pyproject\\.toml)$\n"
        "        pass_filenames: false\n"
        "        require_serial: true\n"
    )


def gitignore(cache_dir: str, site_out: str) -> str:
    """``.gitignore`` lines for what briefkit writes in a desk: its result cache and the site's
    output folder."""
    return (
        "# Written by briefkit: the result cache of `briefkit check`, and the site that\n"
        "# `briefkit build` writes. Neither belongs in the repository.\n"
        f"/{cache_dir.strip('/')}/\n"
        f"/{site_out.strip('/')}/\n"
    )


FETCH_SCRIPT = r"""test -n "$BRIEFKIT_REPO" || { echo "set BRIEFKIT_REPO=URL@COMMIT"; exit 1; }
url="${BRIEFKIT_REPO%@*}"; rev="${BRIEFKIT_REPO##*@}"
git init -q .briefkit-src
if printf '%s\n' "$rev" | grep -Eqx '[0-9a-fA-F]{40}|[0-9a-fA-F]{64}'; then
  git -C .briefkit-src fetch -q --depth 1 "$url" "$rev"
  commit=FETCH_HEAD
else
  # A short hash or a tag: a server hands out full hashes and refs only, so fetch its
  # branches and tags and resolve the revision here.
  git -C .briefkit-src fetch -q "$url" \
    '+refs/heads/*:refs/remotes/origin/*' '+refs/tags/*:refs/tags/*'
  commit=$(git -C .briefkit-src rev-parse --verify --quiet "$rev^{commit}") ||
    { echo "BRIEFKIT_REPO: no commit or tag $rev in $url"; exit 1; }
fi
git -C .briefkit-src -c advice.detachedHead=false checkout -q "$commit"
echo .briefkit-src/ >> .git/info/exclude
"""
"""The workflow step that fetches briefkit at ``BRIEFKIT_REPO``'s revision (full or short hash,
or a tag) into ``.briefkit-src``."""


def github_workflow(default_repo: str | None) -> str:
    """A GitHub Actions workflow running briefkit's own composite action on every push and PR."""
    fallback = f" || '{default_repo}'" if default_repo else ""
    script = "".join(f"          {line}\n" for line in FETCH_SCRIPT.splitlines())
    return (
        "# Checks every brief on each push and pull request with briefkit's own action.\n"
        f"# Set the repository variable {REPO_VARIABLE} to a pinned git URL, URL@COMMIT\n"
        "# (Settings > Secrets and variables > Actions > Variables).\n"
        "name: briefs\n"
        "on: [push, pull_request]\n"
        "permissions:\n"
        "  contents: read\n"
        "  security-events: write\n"
        "jobs:\n"
        "  check:\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        "      - uses: actions/checkout@v4\n"
        "      - name: Fetch briefkit at the pinned commit\n"
        "        env:\n"
        f"          {REPO_VARIABLE}: ${{{{ vars.{REPO_VARIABLE}{fallback} }}}}\n"
        "        run: |\n" + script + "      - uses: ./.briefkit-src\n"
        "        with:\n"
        '          paths: "."\n'
        "          sarif-file: briefkit.sarif\n"
        "          # A new desk has no brief yet; remove this line once it has one, so that a\n"
        "          # typo in `include` cannot turn the check green.\n"
        '          allow-empty: "true"\n'
        "      - uses: github/codeql-action/upload-sarif@v3\n"
        "        if: always() && hashFiles('briefkit.sarif') != ''\n"
        "        with:\n"
        "          sarif_file: briefkit.sarif\n"
    )
