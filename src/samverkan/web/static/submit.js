// The submission page in place: the upload's progress, then the server's phases, then the
// report, without leaving the page. Without JavaScript the form posts as it is and the
// server answers with the report page; this script only makes the same requests itself.
//
// It posts the form with "Prefer: respond-async" (RFC 7240), gets 202 and the job's
// address in Location, polls the job for its phase until it has finished, then fetches the
// job's result as HTML and shows the report's <article> here.
"use strict";

(function () {
  const form = document.getElementById("submission");
  const box = document.getElementById("submission-progress");
  const outcome = document.getElementById("submission-outcome");
  if (!form || !box || !outcome || !window.fetch || !window.FormData) {
    return;
  }
  const bar = box.querySelector("progress");
  const text = box.querySelector(".progress-text");
  const count = box.querySelector(".progress-count");
  const clock = box.querySelector(".progress-time");
  const cancel = box.querySelector(".progress-cancel");
  let cancelAt = null;
  const lang = document.documentElement.lang || "en";
  const POLL_MS = 400;
  // Statuses whose answer is a validation report (the others carry a message).
  const REPORTED = [200, 201, 422];

  function show(label, percent) {
    box.hidden = false;
    bar.value = percent;
    text.textContent = label;
  }

  function showJob(job) {
    show(`${job.label} (${job.step}/${job.steps})`, job.percent);
    count.textContent = job.detail || "";
    const times = [form.dataset.elapsed.replace("{seconds}", Math.round(job.elapsed))];
    if (job.remaining !== null && job.remaining !== undefined) {
      times.push(form.dataset.remaining.replace("{seconds}", Math.ceil(job.remaining)));
    }
    clock.textContent = times.join(", ");
    cancelAt = job.cancel;
    cancel.hidden = !job.cancel;
  }

  function withLang(address) {
    const url = new URL(address, window.location.href);
    url.searchParams.set("lang", lang);
    return url.toString();
  }

  function finish(node) {
    box.hidden = true;
    cancel.hidden = true;
    cancelAt = null;
    outcome.replaceChildren(node);
    outcome.setAttribute("tabindex", "-1");
    outcome.focus();
    for (const button of form.querySelectorAll("button")) {
      button.disabled = false;
    }
  }

  function fail(message) {
    const paragraph = document.createElement("p");
    paragraph.className = "error-message";
    paragraph.setAttribute("role", "alert");
    paragraph.textContent = message;
    finish(paragraph);
  }

  function messageOf(body) {
    try {
      return JSON.parse(body).message || body;
    } catch (error) {
      return body;
    }
  }

  function showReport(html) {
    const page = new DOMParser().parseFromString(html, "text/html");
    const article = page.querySelector("article.report");
    if (article) {
      finish(document.importNode(article, true));
    } else {
      fail(form.dataset.failed);
    }
  }

  async function fetchResult(job) {
    const html = REPORTED.includes(job.status);
    const answer = await fetch(withLang(job.result), {
      headers: { Accept: html ? "text/html" : "application/json" },
      cache: "no-store",
    });
    const body = await answer.text();
    if (html) {
      showReport(body);
    } else {
      fail(messageOf(body));
    }
  }

  async function follow(location) {
    try {
      for (;;) {
        const answer = await fetch(withLang(location), {
          headers: { Accept: "application/json" },
          cache: "no-store",
        });
        const job = await answer.json();
        if (!answer.ok) {
          fail(job.message || form.dataset.failed);
          return;
        }
        showJob(job);
        if (job.state === "finished" && job.phase === "cancelled") {
          fail(job.label);
          return;
        }
        if (job.state === "finished") {
          await fetchResult(job);
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
    } catch (error) {
      fail(form.dataset.failed);
    }
  }

  function submits(button) {
    return Boolean(button) && button.dataset.action === "submit";
  }

  function target(button) {
    if (!submits(button)) {
      return button ? button.formAction : form.getAttribute("action");
    }
    const actor = form.elements.actor.value;
    return actor ? `/submissions/${encodeURIComponent(actor)}` : "/submissions";
  }

  function send(button) {
    const data = new FormData(form);
    const token = data.get("access_token");
    data.delete("access_token");
    const request = new XMLHttpRequest();
    request.open("POST", target(button));
    request.setRequestHeader("Prefer", "respond-async");
    request.setRequestHeader("Accept", "application/json");
    if (submits(button) && token) {
      request.setRequestHeader("Authorization", `Bearer ${token}`);
    }
    request.upload.addEventListener("progress", (event) => {
      if (event.lengthComputable) {
        const percent = Math.round((100 * event.loaded) / event.total);
        show(`${form.dataset.uploading} ${percent} %`, percent);
      }
    });
    request.addEventListener("load", () => {
      const location = request.getResponseHeader("Location");
      if (request.status === 202 && location) {
        follow(location);
      } else {
        fail(messageOf(request.responseText));
      }
    });
    request.addEventListener("error", () => fail(form.dataset.failed));
    request.send(data);
  }

  cancel.addEventListener("click", async () => {
    if (!cancelAt) {
      return;
    }
    cancel.disabled = true;
    count.textContent = form.dataset.cancelling;
    try {
      await fetch(withLang(cancelAt), {
        method: "POST",
        headers: { Accept: "application/json" },
        cache: "no-store",
      });
    } finally {
      cancel.disabled = false;
    }
  });

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const file = form.elements.file.files[0];
    if (file && file.size > Number(form.dataset.maxBytes)) {
      fail(form.dataset.tooLarge);
      return;
    }
    const token = form.elements.access_token;
    if (submits(event.submitter) && !token.value.trim()) {
      fail(form.dataset.needToken);
      token.focus();
      return;
    }
    for (const button of form.querySelectorAll("button")) {
      button.disabled = true;
    }
    outcome.replaceChildren();
    show(`${form.dataset.uploading} 0 %`, 0);
    send(event.submitter);
  });
})();
