"""Push a release to the Hugging Face Hub: create the dataset repo, upload the release folder in one
commit (with the metadata of a card already there merged into ours), and tag that commit with the
release's version. Nothing local is changed; every failure is one line."""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

from huggingface_hub import DatasetCard, HfApi, constants, get_token
from huggingface_hub.errors import (
    EntryNotFoundError,
    HfHubHTTPError,
    OfflineModeIsEnabled,
    RepositoryNotFoundError,
    RevisionNotFoundError,
)

from remake.errors import RemakeError, first_line
from remake.release.build import read_manifest
from remake.release.card import merge_metadata
from remake.release.hub_http import httpx

REPO_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*$")


def push_release(release_dir: Path, repo_id: str, private: bool = False, token: str | None = None) -> str:
    """Upload `release_dir` to the dataset repo `repo_id`, tag it with the version; return the commit URL."""
    release_dir = Path(release_dir)
    if not REPO_ID.match(repo_id):
        raise RemakeError(f"--repo-id {repo_id!r} must be OWNER/NAME (your user or organisation, then the dataset's "
                          "name), e.g. you/gsm-remade")
    manifest = read_manifest(release_dir)
    version = manifest["version"]
    token = token or get_token()
    if not token:
        raise RemakeError("no Hugging Face token: run `hf auth login` or set HF_TOKEN, then push again "
                          f"({release_dir} is unchanged)")
    api = HfApi(token=token)
    kept = f"{release_dir} is unchanged"
    try:
        # `private or None`: without --private, the namespace's default visibility applies to a new repo.
        api.create_repo(repo_id, repo_type="dataset", private=private or None, exist_ok=True)
        card = merge_metadata(DatasetCard.load(release_dir / "README.md"), _hub_card(api, repo_id))
        with tempfile.TemporaryDirectory(prefix="remake-push-") as tmp:
            folder = Path(tmp) / version
            shutil.copytree(release_dir, folder)
            (folder / "README.md").write_text(str(card), encoding="utf-8")
            commit = api.upload_folder(
                folder_path=folder, repo_id=repo_id, repo_type="dataset",
                commit_message=f"remake release {manifest['name']} {version}",
                commit_description=f"content {manifest['content_hash']}",
            )
        # A re-push of the same version keeps the tag where it is: it marks the version's first upload.
        api.create_tag(repo_id, tag=version, repo_type="dataset", revision=commit.oid,
                       tag_message=f"{manifest['name']} {version}", exist_ok=True)
    except (httpx.TransportError, OfflineModeIsEnabled) as exc:
        raise RemakeError(f"cannot reach the Hub at {constants.ENDPOINT} ({_message(exc)}): check the network "
                          f"and that HF_HUB_OFFLINE is unset, then push again; {kept}") from None
    except HfHubHTTPError as exc:
        status = exc.response.status_code if exc.response is not None else "?"
        raise RemakeError(f"the Hub refused the push to {repo_id} (HTTP {status}: {_message(exc)}): check the "
                          f"token's write access and the repo id; {kept}") from None
    except ValueError as exc:  # huggingface_hub's answer to a card the Hub's YAML validation rejects
        raise RemakeError(f"the Hub rejected the dataset card of {release_dir}: {_message(exc)}; {kept}") from None
    return commit.commit_url


def _hub_card(api: HfApi, repo_id: str) -> DatasetCard | None:
    """The card already in the repo, or None when the repo has none yet."""
    try:
        path = api.hf_hub_download(repo_id, "README.md", repo_type="dataset")
    except (EntryNotFoundError, RevisionNotFoundError, RepositoryNotFoundError):
        return None
    return DatasetCard.load(path)


def _message(exc: BaseException) -> str:
    return first_line(exc) or type(exc).__name__
