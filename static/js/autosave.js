/*
 * Nothing typed in the officer's candidacy form is ever lost (templates/submissions/candidacy_form.html).
 *
 * - The form is posted in the background 3 s after the last change, and when the page is hidden
 *   or the window loses focus, to the candidacy's autosave address (submissions/autosave.py):
 *   what validates is saved as a draft; a refused value keeps its saved one and its error is
 *   shown in the status next to the save buttons; a conflict (another tab, another person)
 *   stops the autosave and says so, it never overwrites.
 * - Until the server has it, what was typed is also kept in this browser (localStorage, one
 *   entry per user and candidacy, only the form's own fields), so an expired session, a lost
 *   connection or a closed tab lose nothing: after signing in again the form puts it back and
 *   says so, with a way to discard it. Signing out empties it (Clear-Site-Data on /uscita/).
 * - The browser asks before leaving a page whose changes are not saved yet.
 * Without this script the form works as before: "Salva la bozza" posts it.
 */
(function () {
  "use strict";

  var form = document.getElementById("candidacy-form");
  var status = document.getElementById("autosave-status");
  if (!form || !status || !form.dataset.autosaveUrl || !window.fetch || !window.FormData) {
    return;
  }
  var t = JSON.parse(form.dataset.autosaveMessages);  // the texts, translated by the server

  var DELAY = 3000;
  var RETRY_DELAY = 15000;
  var storageKey = "buonepratiche:bozza:" + form.dataset.autosaveKey;
  var version = form.elements.namedItem("version");
  var dirty = false;        // changed since the last save the server confirmed
  var refused = false;      // the last save refused some values: they are only in the browser
  var stopped = false;      // a conflict or an ended session: only a reload starts again
  var submitting = false;   // "Salva la bozza" posted: the page is leaving on purpose
  var leaving = false;      // the page is being unloaded: the text stays in the browser
  var inFlight = null;      // the background save under way, a promise
  var timer = null;

  // The server's own fields, not the person's text: never kept, never restored.
  function isOwnField(name) {
    return name && name !== "csrfmiddlewaretoken" && name !== "version" && name !== "bozza_nel_browser" &&
      !/-(TOTAL_FORMS|INITIAL_FORMS|MIN_NUM_FORMS|MAX_NUM_FORMS|id)$/.test(name);
  }

  function fields() {
    var list = [];
    new FormData(form).forEach(function (value, name) {
      if (typeof value === "string" && isOwnField(name)) {
        list.push([name, value]);
      }
    });
    return list;
  }

  function read() {
    try {
      return JSON.parse(window.localStorage.getItem(storageKey) || "null");
    } catch (error) {
      return null;
    }
  }

  function keep(submitted) {
    try {
      window.localStorage.setItem(storageKey, JSON.stringify({
        base: version.value, submitted: Boolean(submitted), fields: fields()
      }));
    } catch (error) {
      // Storage full or disabled: the server save still runs.
    }
  }

  function forget() {
    try {
      window.localStorage.removeItem(storageKey);
    } catch (error) {
      // Nothing to forget.
    }
  }

  function put(list) {
    var values = {};
    list.forEach(function (pair) {
      (values[pair[0]] = values[pair[0]] || []).push(pair[1]);
    });
    Array.prototype.forEach.call(form.elements, function (element) {
      if (!isOwnField(element.name) || element.type === "file" || element.type === "submit" ||
          element.type === "button") {
        return;
      }
      var wanted = values[element.name] || [];
      if (element.type === "checkbox" || element.type === "radio") {
        element.checked = wanted.indexOf(element.value) !== -1;
      } else if (element.tagName === "SELECT" && element.multiple) {
        Array.prototype.forEach.call(element.options, function (option) {
          option.selected = wanted.indexOf(option.value) !== -1;
        });
      } else {
        element.value = wanted.length ? wanted.shift() : "";
      }
    });
  }

  function text(value) {
    return document.createTextNode(value);
  }

  function link(label, href) {
    var anchor = document.createElement("a");
    anchor.href = href;
    anchor.textContent = label;
    return anchor;
  }

  function show(parts) {
    status.replaceChildren.apply(status, parts.map(function (part) {
      return typeof part === "string" ? text(part) : part;
    }));
  }

  // The label a person sees for an input (for a group of choices, the group's legend), after
  // the row's legend for a row of a list.
  function labelOf(element, isGroup) {
    var label = !isGroup && element.id && form.querySelector('label[for="' + element.id + '"]');
    var group = element.closest("fieldset");
    var own = label ? label.textContent : (group && group.querySelector("legend") ?
      group.querySelector("legend").textContent : element.name);
    var row = element.closest(".formset-row");
    var rowLegend = row && row.querySelector("legend");
    own = own.replace(/\s+/g, " ").trim();
    return rowLegend && rowLegend.textContent.trim() !== own ?
      rowLegend.textContent.replace(/\s+/g, " ").trim() + " – " + own : own;
  }

  function errorParts(errors) {
    var parts = [];
    Object.keys(errors).forEach(function (name) {
      var found = form.elements.namedItem(name) || form.elements.namedItem(name + "-id");
      var isGroup = Boolean(found && found.length !== undefined && !found.tagName);  // a RadioNodeList
      var element = isGroup ? found[0] : found;
      parts.push(parts.length ? "; " : " ");
      if (element) {
        parts.push(link(labelOf(element, isGroup), "#" + (element.id || "")));
        parts.push(": ");
      }
      parts.push(errors[name].join(" "));
    });
    return parts;
  }

  function loginParts(message) {
    var anchor = link(t.login, form.dataset.autosaveLoginUrl);
    // The text is in this browser: going to the login page loses nothing.
    anchor.addEventListener("click", function () {
      dirty = false;
    });
    return [t.not_saved + " " + message + " ", anchor,
      " " + t.kept];
  }

  // New rows now exist on the server: the next save must update them, not add them again.
  function rememberRows(rows) {
    Object.keys(rows).forEach(function (name) {
      var input = form.elements.namedItem(name);
      if (input) {
        input.value = rows[name];
      }
    });
    Array.prototype.forEach.call(form.querySelectorAll('input[name$="-INITIAL_FORMS"]'), function (input) {
      var prefix = input.name.slice(0, -"-INITIAL_FORMS".length);
      var count = 0;
      while (form.elements.namedItem(prefix + "-" + count + "-id") &&
             form.elements.namedItem(prefix + "-" + count + "-id").value) {
        count += 1;
      }
      input.value = Math.max(Number(input.value), count);
    });
  }

  function answered(response) {
    if (response.type === "opaqueredirect") {
      return {status: 401, data: {message: t.session_expired}};
    }
    return response.json().then(function (data) {
      return {status: response.status, data: data, retry: Number(response.headers.get("Retry-After"))};
    }, function () {
      // Not JSON: the CSRF check refused the page (a sign-in in another tab renews the token).
      return {status: response.status, data: {message: t.page_expired}};
    });
  }

  function handle(result) {
    var data = result.data;
    if (result.status === 200) {
      version.value = data.version;
      rememberRows(data.rows || {});
      var errors = data.errors || {};
      refused = Object.keys(errors).length > 0;
      show(refused ? [data.message + " " + t.refused].concat(errorParts(errors)) : [data.message]);
      if (dirty || refused) {
        keep(false);
      } else {
        forget();
      }
      if (dirty) {
        schedule();
      }
      return;
    }
    dirty = true;
    keep(false);
    if (result.status === 401) {
      stopped = true;
      show(loginParts(data.message));
    } else if (result.status === 429) {
      show([t.not_saved + " " + data.message]);
      schedule((result.retry || 60) * 1000);
    } else if (result.status === 403 && !data.error) {
      stopped = true;
      show([t.not_saved + " " + data.message + " ", link(t.reload, window.location.pathname),
        " " + t.kept]);
    } else {
      stopped = true;
      show([t.not_saved + " " + data.message].concat(data.errors ? errorParts(data.errors) : []));
    }
  }

  function saveNow() {
    window.clearTimeout(timer);
    timer = null;
    if (!dirty || stopped || submitting || leaving) {
      return inFlight;
    }
    if (inFlight) {
      return inFlight.then(saveNow);
    }
    var body = new FormData(form);
    dirty = false;
    show([t.saving]);
    inFlight = window.fetch(form.dataset.autosaveUrl, {
      method: "POST", body: body, credentials: "same-origin", redirect: "manual",
      headers: {"Accept": "application/json"}
    }).then(answered).then(handle, function () {
      dirty = true;
      keep(false);
      show([t.offline]);
      schedule(RETRY_DELAY);
    }).then(function () {
      inFlight = null;
    });
    return inFlight;
  }

  function schedule(delay) {
    window.clearTimeout(timer);
    if (!stopped) {
      timer = window.setTimeout(saveNow, delay || DELAY);
    }
  }

  function changed(event) {
    if (!isOwnField(event.target.name) || event.target.type === "file") {
      return;
    }
    dirty = true;
    keep(false);
    schedule();
  }

  function restore(saved) {
    var changedMeanwhile = saved.base !== version.value;
    put(saved.fields);
    // Saved since by someone else: the next save meets the conflict check instead of overwriting.
    version.value = saved.base;
    dirty = true;
    var notice = document.createElement("div");
    notice.className = "alert alert-info autosave-notice";
    notice.setAttribute("role", "status");
    // Focused, so that a screen reader reads it before the form it changed.
    notice.tabIndex = -1;
    var message = document.createElement("p");
    message.textContent = changedMeanwhile ? t.restored_conflict : t.restored;
    var save = document.createElement("button");
    save.type = "button";
    save.className = "btn btn-primary btn-sm me-2";
    save.textContent = t.save_restored;
    save.addEventListener("click", function () {
      notice.remove();
      saveNow();
    });
    var discard = document.createElement("button");
    discard.type = "button";
    discard.className = "btn btn-outline-primary btn-sm";
    discard.textContent = t.discard_restored;
    discard.addEventListener("click", function () {
      forget();
      dirty = false;
      window.location.reload();
    });
    var actions = document.createElement("p");
    actions.className = "mb-0";
    if (!changedMeanwhile) {
      actions.append(save);
    }
    actions.append(discard);
    notice.append(message, actions);
    form.parentNode.insertBefore(notice, form);
    notice.focus();
  }

  function start() {
    var saved = read();
    var asked = new URLSearchParams(window.location.search).has("ripristina");
    if (asked) {
      window.history.replaceState(null, "", window.location.pathname + window.location.hash);
    }
    if (form.dataset.autosaveBound === "1") {
      // The page shows again what was posted, refused or in conflict: not saved yet.
      dirty = true;
      keep(false);
    } else if (saved) {
      var same = JSON.stringify(saved.fields) === JSON.stringify(fields());
      if (same || (saved.submitted && saved.base !== version.value && !asked)) {
        // Already on the server, or "Salva la bozza" saved it (the version moved on).
        forget();
      } else {
        restore(saved);
      }
    }
    // Tells the server, if the session ended, that this browser kept the text.
    var marker = document.createElement("input");
    marker.type = "hidden";
    marker.name = "bozza_nel_browser";
    marker.value = "1";
    form.appendChild(marker);
  }

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("submit", function (event) {
    if (inFlight) {
      // A background save is changing the version: post the form once it is done.
      event.preventDefault();
      var submitter = event.submitter;
      inFlight.then(function () {
        form.requestSubmit(submitter);
      });
      return;
    }
    window.clearTimeout(timer);
    submitting = true;
    keep(true);
  });
  // A save started while the page unloads could reach the server after the next page was
  // drawn, which would then see its own save as someone else's: the text waits in the browser.
  window.addEventListener("pagehide", function () {
    leaving = true;
  });
  window.addEventListener("pageshow", function () {
    leaving = false;
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") {
      saveNow();
    }
  });
  window.addEventListener("blur", function () {
    saveNow();
  });
  window.addEventListener("beforeunload", function (event) {
    // The window loses focus to the browser's question: no save until the person has answered
    // (the timer runs again only if they stay).
    leaving = true;
    window.setTimeout(function () {
      leaving = false;
    }, 0);
    if ((dirty || refused || inFlight) && !submitting) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
  start();
}());
