/* The govcx embeddable survey widget.

   Served at /w/<survey id>.js as the body of `(function (config) { … })(<survey config>)`, so
   this file is never loaded on its own. One script tag shows one published survey:

     data-mode="inline" data-target="#feedback"    the survey inside the agency's element
     data-mode="button"                            a "Feedback" button at the page corner
     data-mode="modal"  data-opener="#my-link"     the agency's own element opens the survey
     data-lang="es"                                UI language (default: the page's <html lang>)
     data-answer-<key>="…"                         the value of a hidden question

   Everything is drawn inside an open Shadow DOM, styled by a constructable stylesheet: the
   host page's CSS cannot reach in, ours cannot leak out, and a strict Content-Security-Policy
   needs no 'unsafe-inline' or 'unsafe-eval'. Sampling and survey fatigue are decided here,
   in first-party localStorage, so a visitor who is not asked causes no request at all. */
"use strict";

const SCRIPT = document.currentScript || findOwnScript();
const DAY = 86400000;
const SAMPLE_DAYS = 30;
const PAGE_URL_LENGTH = 2000;
const OTHER_TEXT_LIMIT = 500;
const DEFAULT_LIMITS = { short_text: 500, long_text: 10000, hidden: 500, email: 254, phone: 40 };
const RADIO_TYPES = ["radio", "yes_no", "thumbs", "star", "likert"];
const SELECT_TYPES = ["dropdown", "us_state"];
const INPUT_TYPES = {
  short_text: ["text", "off"],
  email: ["email", "email"],
  phone: ["tel", "tel"],
  date: ["date", "off"],
};
const NUMBER_TYPES = ["thumbs", "star", "likert"];
const TITLE_ID = "govcx-title";
const HONEYPOT_NAME = "govcx-website";
const THUMB_PATH =
  "M1 21h4V9H1v12zm22-11c0-1.1-.9-2-2-2h-6.31l.95-4.57.03-.32c0-.41-.17-.79-.44-1.06L14.17 " +
  "1 7.59 7.59C7.22 7.95 7 8.45 7 9v10c0 1.1.9 2 2 2h9c.83 0 1.54-.5 1.84-1.22l3.02-7.05c.09-" +
  ".23.14-.47.14-.73v-2z";

const STRINGS = {
  en: {
    next: "Next",
    back: "Back",
    submit: "Submit",
    close: "Close",
    feedback: "Feedback",
    page: "Page {x} of {y}",
    required: "Required",
    requiredNote: "Required questions are marked with an asterisk (*).",
    problem: "There is a problem",
    error: "Error: ",
    requiredError: "This answer is required.",
    tooLong: "Use at most {limit} characters (this answer has {count}).",
    email: "Enter an email address like name@example.gov.",
    phone: "Enter a 10-digit U.S. phone number, like 202-555-0123.",
    received: "Your response has been received",
    receipt: "Your receipt ID is {id}. Keep it if you want to refer to this response.",
    thumbsUp: "Thumbs up",
    thumbsDown: "Thumbs down",
    yes: "Yes",
    no: "No",
    star: "{n} star",
    stars: "{n} stars",
    likert: ["Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree"],
    select: "- Select -",
    limit: "You can enter up to {n} characters.",
    left: "{n} character left",
    leftMany: "{n} characters left",
    over: "{n} character over the limit",
    overMany: "{n} characters over the limit",
    other: "If you chose “{label}”, please describe",
    sending: "Sending your answers…",
    network: "We could not send your answers. Check your connection and try again.",
    retry: "Too many responses were sent from here. Please try again in {n} seconds.",
    closed: "This survey is closed and no longer accepts responses.",
    forbidden: "This survey cannot be answered from this website.",
    tooLarge: "Your answers are too long to send. Please shorten them and try again.",
    failed: "Something went wrong on our side. Please try again later.",
    honeypot: "Leave this field empty",
  },
  es: {
    next: "Siguiente",
    back: "Atrás",
    submit: "Enviar",
    close: "Cerrar",
    feedback: "Comentarios",
    page: "Página {x} de {y}",
    required: "Obligatoria",
    requiredNote: "Las preguntas obligatorias están marcadas con un asterisco (*).",
    problem: "Hay un problema",
    error: "Error: ",
    requiredError: "Esta respuesta es obligatoria.",
    tooLong: "Use como máximo {limit} caracteres (esta respuesta tiene {count}).",
    email: "Escriba un correo electrónico como nombre@ejemplo.gov.",
    phone: "Escriba un número de teléfono de EE. UU. de 10 dígitos, como 202-555-0123.",
    received: "Hemos recibido su respuesta",
    receipt: "Su número de recibo es {id}. Guárdelo si desea referirse a esta respuesta.",
    thumbsUp: "Pulgar arriba",
    thumbsDown: "Pulgar abajo",
    yes: "Sí",
    no: "No",
    star: "{n} estrella",
    stars: "{n} estrellas",
    likert: [
      "Totalmente en desacuerdo",
      "En desacuerdo",
      "Neutral",
      "De acuerdo",
      "Totalmente de acuerdo",
    ],
    select: "- Seleccione -",
    limit: "Puede escribir hasta {n} caracteres.",
    left: "Queda {n} carácter",
    leftMany: "Quedan {n} caracteres",
    over: "{n} carácter por encima del límite",
    overMany: "{n} caracteres por encima del límite",
    other: "Si eligió “{label}”, descríbalo",
    sending: "Enviando sus respuestas…",
    network: "No pudimos enviar sus respuestas. Revise su conexión e inténtelo de nuevo.",
    retry: "Se enviaron demasiadas respuestas desde aquí. Inténtelo de nuevo en {n} segundos.",
    closed: "Esta encuesta está cerrada y ya no acepta respuestas.",
    forbidden: "Esta encuesta no se puede responder desde este sitio web.",
    tooLarge: "Sus respuestas son demasiado largas para enviarlas. Acórtelas e inténtelo de nuevo.",
    failed: "Algo salió mal de nuestro lado. Inténtelo de nuevo más tarde.",
    honeypot: "Deje este campo vacío",
  },
};

/* The stylesheet of the shadow tree. `:host` rules are !important because, across a shadow
   boundary, an !important declaration inside wins over one from the page: a page rule such
   as `* { color: red !important }` still matches the host element itself. Sizes are in px
   and em, never rem, so a page that changes its root font size changes nothing here. */
const CSS = `
:host{all:initial!important;display:block!important;visibility:visible!important;opacity:1!important;
color:#1b1b1b!important;background:transparent!important;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif!important;
font-size:16px!important;line-height:1.5!important;text-align:left!important;letter-spacing:normal!important;
word-spacing:normal!important;text-transform:none!important;font-weight:400!important;font-style:normal!important;
cursor:auto!important;pointer-events:auto!important;float:none!important;transform:none!important;filter:none!important;
margin:0!important;padding:0!important;border:0!important;width:auto!important;height:auto!important;max-width:none!important;
min-width:0!important;clip:auto!important;clip-path:none!important;overflow:visible!important;z-index:auto!important;
position:static!important;white-space:normal!important;direction:ltr!important}
*,*::before,*::after{box-sizing:border-box}
[hidden]{display:none!important}
.panel{display:block;background:#fff;color:#1b1b1b;border:1px solid #dfe1e2;border-radius:4px;padding:1.25em 1.5em;max-width:40em;font:inherit}
.header{display:flex;align-items:flex-start;justify-content:space-between;gap:1em}
.title{font-size:1.375em;line-height:1.2;font-weight:700;margin:0 0 .5em}
.title:focus,.progress:focus,.summary:focus,.done:focus{outline:3px solid #2491ff;outline-offset:2px}
p{margin:0 0 1em}
.pra,.hint,.counter,.disclaimer{color:#565c65;font-size:.875em}
.pra{margin-bottom:1em}
.progress{font-weight:700;margin:1em 0 .5em}
.page-title{font-size:1.125em;font-weight:700;margin:.5em 0}
form{display:block;margin:0}
.group{display:block;margin:1.5em 0 0}
.group.invalid{border-left:4px solid #b50909;padding-left:1em}
fieldset{border:0;margin:0;padding:0;min-width:0}
legend,label.label{display:block;font-weight:700;margin:0 0 .25em;padding:0;max-width:36em}
.req{color:#b50909;font-weight:700;text-decoration:none}
.error{display:block;color:#b50909;font-weight:700;margin:.25em 0}
.choice{display:flex;align-items:flex-start;gap:.5em;margin:.5em 0;max-width:36em}
.choice input{width:1.25em;height:1.25em;margin:.15em 0 0;accent-color:#005ea2;flex:none}
.choice label{display:block;cursor:pointer;font-weight:400}
.tiles{display:flex;flex-wrap:wrap;gap:.5em}
.tiles .choice{border:2px solid #dfe1e2;border-radius:4px;padding:.5em .75em;margin:.25em 0;align-items:center}
.tiles .choice:has(input:checked){border-color:#005ea2;background:#e7f6f8}
.icon{width:1.5em;height:1.5em;fill:currentColor;vertical-align:middle;margin-right:.25em;flex:none}
.icon.down{transform:rotate(180deg)}
input.text,textarea,select{display:block;width:100%;max-width:30em;font:inherit;color:#1b1b1b;background:#fff;
border:1px solid #565c65;border-radius:0;padding:.5em;margin:.25em 0 0;height:auto;min-height:2.5em}
textarea{min-height:8em;resize:vertical}
input.text.invalid,textarea.invalid,select.invalid{border:3px solid #b50909}
input:focus,textarea:focus,select:focus,button:focus,a:focus{outline:3px solid #2491ff;outline-offset:2px}
.counter{margin:.25em 0 0}
.counter.over{color:#b50909;font-weight:700}
.buttons{display:flex;flex-wrap:wrap;gap:.75em;margin:1.5em 0 0}
button{font:inherit;font-weight:700;line-height:1;cursor:pointer;border-radius:4px;padding:.75em 1.25em;margin:0;
border:2px solid #005ea2;background:#005ea2;color:#fff;display:inline-block;width:auto;text-align:center;text-decoration:none}
button:hover{background:#1a4480;border-color:#1a4480}
button:active{background:#162e51;border-color:#162e51}
button:disabled{background:#c9c9c9;border-color:#c9c9c9;color:#454545;cursor:not-allowed}
button.outline{background:#fff;color:#005ea2}
button.outline:hover{background:#fff;color:#1a4480;border-color:#1a4480}
button.close{background:#fff;color:#1b1b1b;border-color:#565c65;padding:.5em .75em;flex:none}
.summary,.alert{border-left:8px solid #b50909;background:#f4e3db;padding:1em;margin:1em 0}
.alert.ok{border-color:#00a91c;background:#ecf3ec}
.summary h3,.alert h3{font-size:1.125em;margin:0 0 .5em}
.summary ul{margin:0;padding-left:1.25em}
a{color:#005ea2;text-decoration:underline}
.honeypot{position:absolute;left:-10000px;top:auto;width:1px;height:1px;overflow:hidden}
.sr{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0}
.launcher{position:fixed;right:1.5em;bottom:1.5em;z-index:2147483000;box-shadow:0 2px 6px rgba(0,0,0,.3)}
dialog{border:0;padding:0;margin:auto;max-width:min(42em,calc(100vw - 2em));max-height:calc(100vh - 2em);overflow:auto;
background:transparent;color:#1b1b1b;font:inherit}
dialog .panel{border:0;max-width:none}
dialog::backdrop{background:rgba(0,0,0,.6)}
dialog:not([open]){display:none}
dialog.fallback[open]{position:fixed;inset:0;z-index:2147483001;display:block;box-shadow:0 0 0 100vmax rgba(0,0,0,.6)}
`;

function findOwnScript() {
  const scripts = document.querySelectorAll("script[src]");
  const path = "/w/" + config.survey_id + ".js";
  for (let i = 0; i < scripts.length; i++) {
    if (scripts[i].src.indexOf(path) !== -1) {
      return scripts[i];
    }
  }
  return null;
}

/* --- small helpers ------------------------------------------------------------------------ */

function attribute(name) {
  return SCRIPT ? SCRIPT.getAttribute(name) : null;
}

function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (_, name) => String(values[name]));
}

function h(tag, props, children) {
  const node = document.createElement(tag);
  Object.keys(props || {}).forEach((name) => {
    const value = props[name];
    if (value === null || value === undefined || value === false) {
      return;
    }
    if (name === "text") {
      node.textContent = value;
    } else if (name.slice(0, 2) === "on") {
      node.addEventListener(name.slice(2), value);
    } else {
      node.setAttribute(name, value === true ? "" : value);
    }
  });
  (children || []).forEach((child) => child !== null && child !== undefined && node.append(child));
  return node;
}

/* Text written by the agency, its line breaks kept, never parsed as HTML. */
function lines(text) {
  const parts = [];
  String(text).split("\n").forEach((line, index) => {
    if (index) {
      parts.push(h("br"));
    }
    parts.push(line);
  });
  return parts;
}

function blank(value) {
  if (Array.isArray(value)) {
    return value.length === 0;
  }
  return value === null || value === undefined || String(value).trim() === "";
}

function characters(value) {
  // The server counts characters, not UTF-16 units, after trimming the ends.
  return Array.from(String(value).trim()).length;
}

/* First-party storage only. A browser that refuses it (private modes, sandboxed frames) still
   gets the survey; it only forgets progress and decisions. */
function load(key) {
  try {
    const text = window.localStorage.getItem(key);
    return text ? JSON.parse(text) : null;
  } catch (error) {
    return null;
  }
}

function keep(key, value) {
  try {
    window.localStorage.setItem(key, JSON.stringify(value));
  } catch (error) {
    /* storage full or refused: nothing to do */
  }
}

function drop(key) {
  try {
    window.localStorage.removeItem(key);
  } catch (error) {
    /* refused: nothing was stored either */
  }
}

/* A random version 4 UUID; crypto.randomUUID exists only on HTTPS pages. */
function uuid() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 15) | 64;
  bytes[8] = (bytes[8] & 63) | 128;
  const hex = Array.from(bytes, (byte) => (byte + 256).toString(16).slice(1)).join("");
  const cuts = [[0, 8], [8, 12], [12, 16], [16, 20], [20, 32]];
  return cuts.map((cut) => hex.slice(cut[0], cut[1])).join("-");
}

/* --- settings from the script tag --------------------------------------------------------- */

const MODE = ["inline", "button", "modal"].indexOf(attribute("data-mode")) === -1
  ? "inline"
  : attribute("data-mode");
const LANG = /^es\b/i.test(attribute("data-lang") || document.documentElement.lang || "")
  ? "es"
  : "en";
const T = STRINGS[LANG];
const NUMBER_LOCALE = LANG === "es" ? "es-US" : "en-US";
const KEYS = {
  progress: "govcx:progress:" + config.survey_id,
  sample: "govcx:sample:" + config.survey_id,
  fatigue: "govcx:fatigue:" + config.organization_id,
};

/* --- the survey's structure --------------------------------------------------------------- */

const PAGES = config.structure.pages;
const QUESTIONS = [];
const PAGE_OF = {};
const BY_KEY = {};
PAGES.forEach((page, index) => {
  page.questions.forEach((question) => {
    QUESTIONS.push(question);
    PAGE_OF[question.key] = index;
    BY_KEY[question.key] = question;
  });
});

function otherOption(question) {
  return question.options.filter((option) => option.is_other)[0] || null;
}

function limitOf(question) {
  return question.character_limit || DEFAULT_LIMITS[question.type] || null;
}

/* Long answers always show their limit; short ones only when the survey sets one. */
function shownLimit(question) {
  const sets = question.type === "short_text" && question.character_limit;
  return question.type === "long_text" || sets ? limitOf(question) : null;
}

function hiddenAnswers() {
  const values = {};
  QUESTIONS.forEach((question) => {
    const value = question.type === "hidden" && attribute("data-answer-" + question.key);
    if (value && value.trim()) {
      values[question.key] = Array.from(value).slice(0, limitOf(question)).join("");
    }
  });
  return values;
}

/* --- state: answers in progress survive a reload ------------------------------------------ */

const HIDDEN = hiddenAnswers();
const state = restore();
let errors = {};
let busy = false;

function restore() {
  const saved = load(KEYS.progress);
  const fresh = { version: config.version, answers: {}, page: null, started: null, key: null };
  return saved && saved.version === config.version && saved.answers ? saved : fresh;
}

function hasProgress() {
  return Object.keys(state.answers).length > 0;
}

function save() {
  if (hasProgress() || state.key) {
    keep(KEYS.progress, state);
  } else {
    drop(KEYS.progress);
  }
}

function begin() {
  state.started = state.started || Date.now();
}

/* --- which questions and pages apply (as govcx/collection/flow.py decides) ----------------- */

function applies(question, given) {
  const condition = question.show_if;
  if (!condition) {
    return true;
  }
  const answer = given[condition.question];
  if (answer === undefined) {
    return false;
  }
  const values = Array.isArray(answer) ? answer : [answer];
  return values.some((value) => condition.values.indexOf(String(value)) !== -1);
}

/* Answers to the questions that apply, judged in survey order so chains of conditions hold. */
function given() {
  const answers = {};
  QUESTIONS.forEach((question) => {
    const value = question.type === "hidden" ? HIDDEN[question.key] : state.answers[question.key];
    if (question.type !== "display_text" && !blank(value) && applies(question, answers)) {
      answers[question.key] = value;
    }
  });
  return answers;
}

function pageShown(index, answers) {
  return PAGES[index].questions.some((q) => q.type !== "hidden" && applies(q, answers));
}

function mayShowLater(later, current, answers) {
  return pageShown(later, answers) || PAGES[later].questions.some((q) => {
    const controller = q.show_if && q.show_if.question;
    return q.type !== "hidden" && controller && (PAGE_OF[controller] ?? -1) >= current;
  });
}

function nextPage(index, answers) {
  for (let i = index + 1; i < PAGES.length; i++) {
    if (pageShown(i, answers)) {
      return i;
    }
  }
  return null;
}

function previousPage(index, answers) {
  for (let i = index - 1; i >= 0; i--) {
    if (pageShown(i, answers)) {
      return i;
    }
  }
  return null;
}

function isLast(index, answers) {
  for (let i = index + 1; i < PAGES.length; i++) {
    if (mayShowLater(i, index, answers)) {
      return false;
    }
  }
  return true;
}

/* "Page X of Y", counting only pages the respondent sees or may still see. */
function position(index, answers) {
  let before = 0;
  let after = 0;
  for (let i = 0; i < PAGES.length; i++) {
    if (i < index && pageShown(i, answers)) {
      before++;
    } else if (i > index && mayShowLater(i, index, answers)) {
      after++;
    }
  }
  return { x: before + 1, y: before + 1 + after };
}

function firstPage(answers) {
  const first = nextPage(-1, answers);
  return first === null ? 0 : first;
}

/* --- choices ------------------------------------------------------------------------------ */

function choicesOf(question) {
  switch (question.type) {
    case "thumbs":
      return [["1", T.thumbsUp, "up"], ["0", T.thumbsDown, "down"]];
    case "yes_no":
      return [["yes", T.yes], ["no", T.no]];
    case "star":
      return [1, 2, 3, 4, 5].map((n) => [String(n), fill(n === 1 ? T.star : T.stars, { n: n })]);
    case "likert":
      return T.likert.map((label, i) => [String(i + 1), label]);
    case "us_state":
      return config.us_states || [];
    default:
      return question.options.map((option) => [option.value, option.label]);
  }
}

function chosen(question) {
  const value = state.answers[question.key];
  return Array.isArray(value) ? value : blank(value) ? [] : [String(value)];
}

function otherChosen(question) {
  const option = otherOption(question);
  return Boolean(option) && chosen(question).indexOf(option.value) !== -1;
}

/* --- the widget's elements ---------------------------------------------------------------- */

const ui = {};

function thumbIcon(direction) {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  const path = document.createElementNS(ns, "path");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("class", "icon " + direction);
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  path.setAttribute("d", THUMB_PATH);
  svg.append(path);
  return svg;
}

function requiredMark(question) {
  if (!question.required) {
    return null;
  }
  return h("span", {}, [
    " ",
    h("span", { class: "req", "aria-hidden": "true", text: "*" }),
    h("span", { class: "sr", text: "(" + T.required + ")" }),
  ]);
}

function errorNode(id, messages) {
  if (!messages || !messages.length) {
    return null;
  }
  const children = [];
  messages.forEach((message, i) => children.push(h("span", { class: "sr", text: T.error }),
    message + (i < messages.length - 1 ? " " : "")));
  return h("span", { class: "error", id: id }, children);
}

function describedBy(ids) {
  return ids.filter(Boolean).join(" ") || null;
}

/* The id an error link moves focus to: the input, or a group's first option. */
function targetId(key) {
  const question = BY_KEY[key];
  if (!question) {
    const owner = BY_KEY[key.replace(/\.other$/, "")];
    return owner ? "q-" + owner.key + "-other-text" : null;
  }
  const grouped = RADIO_TYPES.indexOf(question.type) !== -1 || question.type === "checkboxes";
  return "q-" + question.key + (grouped ? "-1" : "");
}

function limitNodes(question, id) {
  const limit = shownLimit(question);
  if (!limit) {
    return [];
  }
  const n = limit.toLocaleString(NUMBER_LOCALE);
  const note = h("div", { class: "hint", id: id + "-limit", text: fill(T.limit, { n: n }) });
  const counter = h("div", { class: "counter", "aria-hidden": "true", "data-counter": id });
  return [note, counter];
}

function writeIn(question) {
  const option = otherOption(question);
  if (!option) {
    return null;
  }
  const key = question.key + ".other";
  const id = "q-" + question.key + "-other-text";
  const messages = errors[key];
  const error = errorNode(id + "-error", messages);
  const input = h("input", {
    class: "text" + (error ? " invalid" : ""),
    id: id,
    name: key,
    type: "text",
    autocomplete: "off",
    "aria-invalid": error ? "true" : null,
    "aria-describedby": error ? id + "-error" : null,
  });
  input.value = state.answers[key] || "";
  const text = fill(T.other, { label: option.label });
  const label = h("label", { class: "label", for: id, text: text });
  const hidden = !otherChosen(question);
  const props = { class: "group write-in", "data-write-in": question.key, hidden: hidden };
  return h("div", props, [label, error, input]);
}

function choiceGroup(question, id, notes, error) {
  const isRadio = RADIO_TYPES.indexOf(question.type) !== -1;
  const values = chosen(question);
  const options = choicesOf(question).map((choice, i) => {
    const optionId = id + "-" + (i + 1);
    const input = h("input", {
      id: optionId,
      type: isRadio ? "radio" : "checkbox",
      name: question.key,
      value: choice[0],
      required: isRadio && question.required,
    });
    input.checked = values.indexOf(choice[0]) !== -1;
    const icon = choice[2] ? thumbIcon(choice[2]) : null;
    const label = h("label", { for: optionId }, [icon, choice[1]]);
    return h("div", { class: "choice" }, [input, label]);
  });
  const tiles = question.type === "thumbs" ? "tiles" : "options";
  const legend = h("legend", {}, [question.text, requiredMark(question)]);
  const group = h("div", { class: tiles }, options);
  return h("fieldset", { "aria-describedby": describedBy(notes) },
    [legend, ...notesOf(question, id), error, group, writeIn(question)]);
}

function notesOf(question, id) {
  if (!question.help_text) {
    return [];
  }
  return [h("div", { class: "hint", id: id + "-hint" }, lines(question.help_text))];
}

function selectField(question, id, notes, error) {
  const select = h("select", {
    id: id,
    name: question.key,
    class: error ? "invalid" : null,
    "aria-required": question.required ? "true" : null,
    "aria-invalid": error ? "true" : null,
    "aria-describedby": describedBy(notes),
  }, [h("option", { value: "", text: T.select })]);
  choicesOf(question).forEach((choice) => {
    select.append(h("option", { value: choice[0], text: choice[1] }));
  });
  select.value = chosen(question)[0] || "";
  const label = h("label", { class: "label", for: id }, [question.text, requiredMark(question)]);
  return [label, ...notesOf(question, id), error, select, writeIn(question)];
}

function textField(question, id, notes, error) {
  const isLong = question.type === "long_text";
  const kind = INPUT_TYPES[question.type] || ["text", "off"];
  const input = h(isLong ? "textarea" : "input", {
    id: id,
    name: question.key,
    class: (isLong ? "" : "text") + (error ? " invalid" : ""),
    type: isLong ? null : kind[0],
    rows: isLong ? "5" : null,
    autocomplete: isLong ? null : kind[1],
    "aria-required": question.required ? "true" : null,
    "aria-invalid": error ? "true" : null,
    "aria-describedby": describedBy(notes),
  });
  input.value = state.answers[question.key] || "";
  const label = h("label", { class: "label", for: id }, [question.text, requiredMark(question)]);
  return [label, ...notesOf(question, id), error, input, ...limitNodes(question, id)];
}

function field(question) {
  const id = "q-" + question.key;
  const wrapper = h("div", { class: "group", "data-key": question.key });
  if (question.type === "display_text") {
    wrapper.append(h("div", { id: id }, [h("p", {}, lines(question.text))]));
    return wrapper;
  }
  const messages = errors[question.key];
  const error = errorNode(id + "-error", messages);
  const notes = [
    question.help_text ? id + "-hint" : null,
    shownLimit(question) ? id + "-limit" : null,
    error ? id + "-error" : null,
  ];
  wrapper.classList.toggle("invalid", Boolean(error));
  if (RADIO_TYPES.indexOf(question.type) !== -1 || question.type === "checkboxes") {
    wrapper.append(choiceGroup(question, id, notes, error));
  } else if (SELECT_TYPES.indexOf(question.type) !== -1) {
    wrapper.append(...selectField(question, id, notes, error));
  } else {
    wrapper.append(...textField(question, id, notes, error));
  }
  return wrapper;
}

/* --- pages -------------------------------------------------------------------------------- */

function renderPage() {
  const answers = given();
  const index = state.page;
  const page = PAGES[index];
  const visible = page.questions.filter((question) => question.type !== "hidden");
  const children = [];
  if (previousPage(index, answers) === null && config.instructions) {
    children.push(h("p", {}, lines(config.instructions)));
  }
  ui.progress = h("p", { class: "progress", tabindex: "-1" });
  children.push(ui.progress);
  if (page.title) {
    children.push(h("h3", { class: "page-title", text: page.title }));
  }
  if (visible.some((question) => question.required)) {
    children.push(h("p", { class: "hint", text: T.requiredNote }));
  }
  visible.forEach((question) => children.push(field(question)));
  ui.next = h("button", { type: "submit" });
  ui.back = h("button", { type: "button", class: "outline", text: T.back, onclick: back });
  children.push(ui.honeypot, h("div", { class: "buttons" }, [ui.next, ui.back]));
  ui.form.replaceChildren(...children);
  refresh();
}

/* After every change: follow-ups shown or hidden live, write-ins, counters, "Page X of Y". */
function refresh() {
  const answers = given();
  const index = state.page;
  ui.form.querySelectorAll("[data-key]").forEach((wrapper) => {
    wrapper.hidden = !applies(BY_KEY[wrapper.getAttribute("data-key")], answers);
  });
  ui.form.querySelectorAll("[data-write-in]").forEach((wrapper) => {
    wrapper.hidden = !otherChosen(BY_KEY[wrapper.getAttribute("data-write-in")]);
  });
  ui.form.querySelectorAll("[data-counter]").forEach(updateCounter);
  ui.progress.textContent = fill(T.page, position(index, answers));
  ui.next.textContent = isLast(index, answers) ? T.submit : T.next;
  ui.back.hidden = previousPage(index, answers) === null;
}

function counterText(left) {
  const count = Math.abs(left);
  const many = count !== 1;
  const template = left >= 0 ? (many ? T.leftMany : T.left) : many ? T.overMany : T.over;
  return fill(template, { n: count.toLocaleString(NUMBER_LOCALE) });
}

function updateCounter(counter) {
  const id = counter.getAttribute("data-counter");
  const input = ui.form.querySelector("#" + id);
  const left = limitOf(BY_KEY[id.slice(2)]) - characters(input.value);
  counter.textContent = counterText(left);
  counter.classList.toggle("over", left < 0);
  return counter.textContent;
}

/* A visible count follows every keystroke; the spoken one waits for a pause in typing. */
let announceTimer = null;
function announceLater(message) {
  clearTimeout(announceTimer);
  announceTimer = setTimeout(() => {
    ui.live.textContent = message;
  }, 1000);
}

function readValue(name) {
  const inputs = Array.from(ui.form.querySelectorAll('[name="' + name + '"]'));
  if (inputs[0] && inputs[0].type === "checkbox") {
    return inputs.filter((input) => input.checked).map((input) => input.value);
  }
  if (inputs[0] && inputs[0].type === "radio") {
    const checked = inputs.filter((input) => input.checked)[0];
    return checked ? checked.value : "";
  }
  return inputs[0] ? inputs[0].value : "";
}

function changed(event) {
  const name = event.target.name;
  if (!name || name === HONEYPOT_NAME) {
    return;
  }
  const value = readValue(name);
  if (blank(value)) {
    delete state.answers[name];
  } else {
    state.answers[name] = value;
  }
  save();
  refresh();
  const counter = ui.form.querySelector('[data-counter="' + event.target.id + '"]');
  if (counter && event.type === "input") {
    announceLater(counter.textContent);
  }
}

/* --- checking a page before moving on ----------------------------------------------------- */

function problem(question, value) {
  if (blank(value)) {
    return question.required ? T.requiredError : null;
  }
  const limit = limitOf(question);
  if (typeof value === "string" && limit && characters(value) > limit) {
    return fill(T.tooLong, { limit: limit, count: characters(value) });
  }
  if (question.type === "email" && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value.trim())) {
    return T.email;
  }
  if (question.type === "phone" && !/^1?[2-9]\d{2}[2-9]\d{6}$/.test(value.replace(/\D/g, ""))) {
    return T.phone;
  }
  return null;
}

function pageProblems(index) {
  const answers = given();
  const found = {};
  PAGES[index].questions.forEach((question) => {
    const asks = question.type !== "hidden" && question.type !== "display_text";
    if (!asks || !applies(question, answers)) {
      return;
    }
    const message = problem(question, state.answers[question.key]);
    if (message) {
      found[question.key] = [message];
    }
    const other = state.answers[question.key + ".other"];
    if (otherChosen(question) && other && characters(other) > OTHER_TEXT_LIMIT) {
      found[question.key + ".other"] = [
        fill(T.tooLong, { limit: OTHER_TEXT_LIMIT, count: characters(other) }),
      ];
    }
  });
  return found;
}

function pageOfError(key) {
  const question = BY_KEY[key] || BY_KEY[key.replace(/\.other$/, "")];
  return question && question.type !== "hidden" ? PAGE_OF[question.key] : null;
}

function summaryItem(key, message) {
  const question = BY_KEY[key] || BY_KEY[key.replace(/\.other$/, "")];
  const text = question ? question.text + " — " + message : message;
  const id = question && question.type !== "hidden" ? targetId(key) : null;
  if (!id) {
    return h("li", { text: text });
  }
  return h("li", {}, [h("a", { href: "#" + id, text: text, onclick: followLink })]);
}

/* The links are inside the shadow tree: the page's own fragment must not change. */
function followLink(event) {
  event.preventDefault();
  const target = ui.root.querySelector(event.currentTarget.getAttribute("href"));
  if (target) {
    (target.closest(".group") || target).scrollIntoView();
    target.focus({ preventScroll: true });
  }
}

/* Show errors on their fields, on the earliest page that has any, under a focused summary. */
function showErrors(found) {
  errors = found;
  const pages = Object.keys(found).map(pageOfError).filter((page) => typeof page === "number");
  const moved = pages.length > 0 && Math.min(...pages) !== state.page;
  if (moved) {
    state.page = Math.min(...pages);
    save();
  }
  renderPage();
  if (moved) {
    pageChanged();
  }
  const items = [];
  Object.keys(found).forEach((key) => {
    found[key].forEach((message) => items.push(summaryItem(key, message)));
  });
  const summary = h("div", {
    class: "summary",
    role: "group",
    tabindex: "-1",
    "aria-labelledby": "govcx-summary-heading",
  }, [
    h("h3", { id: "govcx-summary-heading", text: T.problem }),
    h("ul", {}, items),
  ]);
  ui.notice.replaceChildren(summary);
  summary.focus();
}

function showAlert(message) {
  ui.notice.replaceChildren(h("div", { class: "alert", role: "alert" }, [
    h("h3", { text: T.problem }),
    h("p", { text: message }),
  ]));
}

function goTo(index) {
  errors = {};
  state.page = index;
  save();
  ui.notice.replaceChildren();
  renderPage();
  ui.progress.focus();
  pageChanged();
}

function pageChanged() {
  const place = position(state.page, given());
  emit("govcx:page-changed", { page: place.x, pages: place.y });
}

function next(event) {
  event.preventDefault();
  if (busy) {
    return;
  }
  const found = pageProblems(state.page);
  if (Object.keys(found).length) {
    showErrors(found);
    return;
  }
  const answers = given();
  const following = isLast(state.page, answers) ? null : nextPage(state.page, answers);
  if (following === null) {
    submit();
  } else {
    goTo(following);
  }
}

function back() {
  const previous = previousPage(state.page, given());
  if (previous !== null) {
    goTo(previous);
  }
}

/* --- submitting --------------------------------------------------------------------------- */

/* The answers the server validator accepts: numbers for scales, lists for checkboxes, no
   answer to a question that does not apply, a write-in only beside its "other" choice. */
function payloadAnswers() {
  const answers = given();
  const payload = {};
  QUESTIONS.forEach((question) => {
    const value = answers[question.key];
    if (value === undefined) {
      return;
    }
    const isNumber = NUMBER_TYPES.indexOf(question.type) !== -1;
    payload[question.key] = isNumber ? parseInt(value, 10) : value;
    const other = state.answers[question.key + ".other"];
    if (otherChosen(question) && !blank(other)) {
      payload[question.key + ".other"] = other;
    }
  });
  return payload;
}

function setBusy(value) {
  busy = value;
  ui.next.disabled = value;
  ui.live.textContent = value ? T.sending : "";
}

function submit() {
  begin();
  if (!state.key) {
    // One key per attempt at this response, kept until it succeeds: a retry after a lost
    // reply is then recognised by the server and counted once.
    state.key = uuid();
  }
  save();
  const body = {
    answers: payloadAnswers(),
    channel: "website",
    language: LANG,
    page_url: location.href.slice(0, PAGE_URL_LENGTH),
    honeypot: ui.honeypot.querySelector("input").value,
    seconds_to_complete: Math.round((Date.now() - state.started) / 100) / 10,
  };
  setBusy(true);
  emit("govcx:submitted", {});
  fetch(new URL(config.submit_url, SCRIPT ? SCRIPT.src : location.href).href, {
    method: "POST",
    mode: "cors",
    credentials: "omit",
    headers: { "Content-Type": "application/json", "Idempotency-Key": state.key },
    body: JSON.stringify(body),
  }).then(
    (response) => response.json().catch(() => ({})).then((data) => answered(response, data)),
    () => refused(0, T.network, null)
  );
}

function answered(response, data) {
  setBusy(false);
  const status = response.status;
  if ((status === 200 || status === 201) && data.receipt_id) {
    succeeded(data.receipt_id);
  } else if (status === 422 && data.errors) {
    showErrors(data.errors);
    emit("govcx:failed", { status: status, errors: data.errors });
  } else if (status === 429) {
    const seconds = parseInt(response.headers.get("Retry-After"), 10) || 60;
    refused(status, fill(T.retry, { n: seconds }), data);
  } else {
    const messages = { 403: T.forbidden, 404: T.closed, 410: T.closed, 413: T.tooLarge };
    refused(status, messages[status] || T.failed, data);
  }
}

function refused(status, message, data) {
  setBusy(false);
  showAlert(message);
  emit("govcx:failed", { status: status, errors: (data && data.errors) || {} });
}

function succeeded(receiptId) {
  drop(KEYS.progress);
  noteShown();
  state.answers = {};
  state.key = null;
  const done = h("div", { class: "done", tabindex: "-1" }, [
    h("div", { class: "alert ok", role: "status" }, [
      h("h3", { text: T.received }),
      h("p", {}, lines(config.success_message)),
    ]),
    h("p", { text: fill(T.receipt, { id: receiptId }) }),
  ]);
  ui.notice.replaceChildren();
  ui.form.replaceChildren(done);
  done.focus();
  emit("govcx:succeeded", { receiptId: receiptId });
}

/* --- sampling and survey fatigue ---------------------------------------------------------- */

/* Whether this visitor is in the survey's sample; decided once and kept for 30 days so a
   reload does not roll again (and is rolled again if the survey's percentage changes). */
function inSample() {
  const percent = config.sample_percent;
  if (percent >= 100) {
    return true;
  }
  const saved = load(KEYS.sample);
  if (saved && saved.percent === percent && saved.until > Date.now()) {
    return saved.chosen;
  }
  const picked = Math.random() * 100 < percent;
  keep(KEYS.sample, { percent: percent, chosen: picked, until: Date.now() + SAMPLE_DAYS * DAY });
  return picked;
}

/* Whether any of the organization's surveys was shown or answered here too recently. */
function fatigued() {
  const days = config.survey_fatigue_days;
  const saved = days > 0 ? load(KEYS.fatigue) : null;
  return Boolean(saved && Date.now() - saved.at < days * DAY);
}

function noteShown() {
  if (config.survey_fatigue_days > 0) {
    keep(KEYS.fatigue, { at: Date.now() });
  }
}

/* Why not to invite this visitor, or null. A survey already begun is always continued. */
function reasonNotToAsk() {
  if (MODE === "modal") {
    return null; // the visitor asked, by clicking the agency's own link
  }
  if (!inSample()) {
    return "sample";
  }
  return fatigued() && !hasProgress() ? "fatigue" : null;
}

/* --- modes -------------------------------------------------------------------------------- */

let eventTarget = null;
let opener = null;

function emit(name, extra) {
  const detail = { surveyId: config.survey_id, mode: MODE };
  Object.keys(extra || {}).forEach((key) => {
    detail[key] = extra[key];
  });
  const event = new CustomEvent(name, { bubbles: true, composed: true, detail: detail });
  (eventTarget && eventTarget.isConnected ? eventTarget : document).dispatchEvent(event);
}

function adoptStyles(shadow) {
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    shadow.adoptedStyleSheets = [sheet];
    return;
  } catch (error) {
    /* no constructable stylesheets in this browser: use a <style>, with the page's nonce */
  }
  const style = h("style", { text: CSS });
  if (SCRIPT && SCRIPT.nonce) {
    style.nonce = SCRIPT.nonce;
  }
  shadow.append(style);
}

function makeHost(parent) {
  const host = h("div", { "data-govcx-survey": config.survey_id });
  const shadow = host.attachShadow({ mode: "open" });
  adoptStyles(shadow);
  parent.append(host);
  return { host: host, shadow: shadow };
}

function honeypot() {
  // Out of sight and out of the tab order; people never fill it in, simple robots do.
  const input = h("input", {
    type: "text",
    id: HONEYPOT_NAME,
    name: HONEYPOT_NAME,
    tabindex: "-1",
    autocomplete: "off",
    "aria-hidden": "true",
  });
  return h("div", { class: "honeypot", "aria-hidden": "true" }, [
    h("label", { for: HONEYPOT_NAME, text: T.honeypot }),
    input,
  ]);
}

/* The panel every mode shows: title, PRA line, notices, the page, the disclaimer. */
function panel(extraHeader) {
  ui.title = h("h2", { class: "title", id: TITLE_ID, tabindex: "-1", text: config.title });
  ui.notice = h("div", {});
  ui.live = h("div", { class: "sr", "aria-live": "polite" });
  ui.honeypot = honeypot();
  ui.form = h("form", { novalidate: true, onsubmit: next, onchange: changed, oninput: changed });
  return h("div", { class: "panel", lang: LANG }, [
    h("div", { class: "header" }, [ui.title, extraHeader]),
    config.pra_line ? h("p", { class: "pra", text: config.pra_line }) : null,
    ui.notice,
    ui.form,
    config.disclaimer ? h("p", { class: "disclaimer" }, lines(config.disclaimer)) : null,
    ui.live,
  ]);
}

function startPage() {
  const answers = given();
  const saved = state.page;
  state.page = saved !== null && saved < PAGES.length && pageShown(saved, answers)
    ? saved
    : firstPage(answers);
  renderPage();
}

function inline(target) {
  eventTarget = target;
  const parts = makeHost(target);
  ui.root = parts.shadow;
  parts.shadow.append(h("section", { "aria-labelledby": TITLE_ID }, [panel(null)]));
  startPage();
  begin();
  noteShown();
}

function focusables() {
  const selector = "a[href],button:not([disabled]),input:not([disabled]):not([tabindex='-1'])," +
    "select:not([disabled]),textarea:not([disabled])";
  return Array.from(ui.dialog.querySelectorAll(selector)).filter((element) => {
    if (!element.getClientRects().length) {
      return false;
    }
    if (element.type !== "radio") {
      return true;
    }
    // Tab reaches one radio of a group: the checked one, or the first.
    const group = Array.from(ui.form.querySelectorAll('[name="' + element.name + '"]'));
    const checked = group.filter((radio) => radio.checked)[0];
    return element === (checked || group[0]);
  });
}

/* Tab and Shift+Tab go round the dialog instead of leaving it. */
function trapFocus(event) {
  if (event.key === "Escape" && ui.dialog.classList.contains("fallback")) {
    close(); // a <dialog> without showModal() sends no "cancel" event
    return;
  }
  if (event.key !== "Tab") {
    return;
  }
  const items = focusables();
  const active = ui.root.activeElement;
  const first = items[0];
  const last = items[items.length - 1];
  if (event.shiftKey && (active === first || items.indexOf(active) === -1)) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && active === last) {
    event.preventDefault();
    first.focus();
  }
}

function open(event) {
  if (event) {
    event.preventDefault();
  }
  if (ui.dialog.hasAttribute("open")) {
    return;
  }
  opener = event && event.currentTarget ? event.currentTarget : opener;
  if (typeof ui.dialog.showModal === "function") {
    ui.dialog.showModal();
  } else {
    ui.dialog.classList.add("fallback");
    ui.dialog.setAttribute("open", "");
  }
  begin();
  noteShown();
  ui.title.focus();
  emit("govcx:opened", {});
}

function close() {
  if (!ui.dialog.hasAttribute("open")) {
    return;
  }
  if (typeof ui.dialog.close === "function") {
    ui.dialog.close();
  } else {
    ui.dialog.removeAttribute("open");
  }
  if (opener) {
    opener.focus();
  }
  emit("govcx:closed", {});
}

function dialog(parent) {
  const parts = makeHost(parent);
  ui.root = parts.shadow;
  const closeButton = h("button", { type: "button", class: "close", onclick: close }, [
    h("span", { "aria-hidden": "true", text: "× " }),
    T.close,
  ]);
  ui.dialog = h("dialog", {
    role: "dialog",
    "aria-modal": "true",
    "aria-labelledby": TITLE_ID,
    onkeydown: trapFocus,
    oncancel: (event) => {
      event.preventDefault(); // Escape: close our way, so focus returns to the opener
      close();
    },
  }, [panel(closeButton)]);
  parts.shadow.append(ui.dialog);
  startPage();
  return parts;
}

function button() {
  const parts = dialog(document.body);
  eventTarget = parts.host;
  const launcher = h("button", {
    type: "button",
    class: "launcher",
    "aria-haspopup": "dialog",
    text: T.feedback,
    onclick: open,
  });
  parts.shadow.prepend(launcher);
}

function modal(openerElement) {
  eventTarget = openerElement;
  opener = openerElement;
  dialog(document.body);
  if (!openerElement.hasAttribute("aria-haspopup")) {
    openerElement.setAttribute("aria-haspopup", "dialog");
  }
  openerElement.addEventListener("click", open);
}

function fail(reason) {
  if (window.console) {
    console.warn("govcx: survey " + config.survey_id + " cannot be shown (" + reason + ").");
  }
  emit("govcx:failed", { status: 0, reason: reason });
}

function start() {
  const selector = attribute(MODE === "modal" ? "data-opener" : "data-target");
  let element = null;
  try {
    element = MODE === "button" ? document.body : selector && document.querySelector(selector);
  } catch (error) {
    element = null; // not a valid selector
  }
  if (!element) {
    fail(MODE === "modal" ? "no element matches data-opener" : "no element matches data-target");
    return;
  }
  eventTarget = MODE === "button" ? null : element;
  const reason = reasonNotToAsk();
  if (reason) {
    emit("govcx:loaded", { shown: false, reason: reason });
    return;
  }
  if (MODE === "inline") {
    inline(element);
  } else if (MODE === "button") {
    button();
  } else {
    modal(element);
  }
  emit("govcx:loaded", { shown: true });
}

// An async script may run before the page has parsed the element it is meant for.
if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", start);
} else {
  start();
}
