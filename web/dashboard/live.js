// Loaded by the pages the results server's live dashboard serves (not by the static site):
// asks the server every few seconds whether the project's data changed since the page was
// written, and then offers a reload, keeping the reader's zoom and hover until they choose.
(() => {
  const script = document.currentScript;
  const project = script.dataset.project;
  const shown = script.dataset.version;
  const everyMs = 5000;

  function offerReload() {
    const bar = document.createElement("div");
    bar.id = "live-update";
    bar.setAttribute("role", "status");
    bar.style.cssText =
      "position:fixed;bottom:1rem;right:1rem;padding:.6rem 1rem;border-radius:.4rem;" +
      "background:#1d4ed8;color:#fff;font:14px system-ui,sans-serif;z-index:1000";
    const link = document.createElement("a");
    link.href = location.href;
    link.textContent = "reload";
    link.style.color = "#fff";
    bar.append("New results have arrived: ", link);
    document.body.append(bar);
  }

  async function poll() {
    try {
      const response = await fetch(`/dashboard/${encodeURIComponent(project)}/version`, { cache: "no-store" });
      if (response.ok && (await response.json()).version !== shown) return offerReload();
    } catch {
      // The server is away for now (restarting): ask again later.
    }
    setTimeout(poll, everyMs);
  }
  setTimeout(poll, everyMs);
})();
