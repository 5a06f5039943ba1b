// The "Copy" buttons of a note's "Cite this note" block (templates/note.md.j2): each copies the
// citation's or the BibTeX's text to the clipboard. The buttons are hidden until this script
// shows them, so a reader without JavaScript sees no button that does nothing.
//
// Buttons are found by `data-digest-copy`, which content cannot set (docs/security.md); what is
// copied is read as text (textContent) and written as text: nothing becomes markup.

const SOURCES = { text: ".note-cite__text", bibtex: ".note-cite__bibtex" };

async function copy(text) {
  if (navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(text);
    return true;
  }
  return false;
}

/** Without the clipboard API (a page over plain http), the text is selected for Ctrl+C. */
function select(element) {
  const range = document.createRange();
  range.selectNodeContents(element);
  const selection = window.getSelection();
  if (selection) {
    selection.removeAllRanges();
    selection.addRange(range);
  }
}

for (const button of document.querySelectorAll("details.note-cite button[data-digest-copy]")) {
  const kind = button.getAttribute("data-digest-copy");
  const source = Object.hasOwn(SOURCES, kind) ? button.closest("details").querySelector(SOURCES[kind]) : null;
  if (!source) continue;
  const label = button.textContent;
  button.hidden = false;
  button.addEventListener("click", async () => {
    let copied = false;
    try {
      copied = await copy(source.textContent.trim());
    } catch {
      copied = false;
    }
    if (!copied) select(source);
    button.textContent = copied ? "Copied" : "Selected: press Ctrl+C";
    window.setTimeout(() => {
      button.textContent = label;
    }, 2000);
  });
}
