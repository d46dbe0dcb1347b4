/**
 * The only script of report.html, allowed by its hash in the page's Content-Security-Policy (inline
 * handlers and anything injected are not). It copies curl lines, opens or closes every card, and opens
 * the card a link points into. The page reads fully without it.
 */
export const HTML_SCRIPT = `
(function () {
  'use strict';
  function say(button, state, label) {
    button.setAttribute('data-state', state);
    button.textContent = label;
    setTimeout(function () { button.removeAttribute('data-state'); button.textContent = button.getAttribute('data-label'); }, 2500);
  }
  // file:// pages may be refused the async clipboard; then the text is selected and execCommand tried.
  function fallback(button, source) {
    var range = document.createRange();
    range.selectNodeContents(source);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    var copied = false;
    try { copied = document.execCommand('copy'); } catch (e) { copied = false; }
    say(button, copied ? 'copied' : 'manual', copied ? 'Copied' : 'Selected: press Ctrl+C');
  }
  function copy(button) {
    var source = document.getElementById(button.getAttribute('data-copy'));
    if (!source) return;
    if (!button.getAttribute('data-label')) button.setAttribute('data-label', button.textContent);
    var text = source.textContent;
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { say(button, 'copied', 'Copied'); }, function () { fallback(button, source); });
    } else {
      fallback(button, source);
    }
  }
  function setAll(open) {
    var cards = document.querySelectorAll('details');
    for (var i = 0; i < cards.length; i++) cards[i].open = open;
  }
  function reveal() {
    var target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    for (var node = target; node; node = node.parentElement) if (node.tagName === 'DETAILS') node.open = true;
  }
  document.addEventListener('click', function (event) {
    var button = event.target.closest && event.target.closest('button');
    if (!button) return;
    if (button.hasAttribute('data-copy')) copy(button);
    else if (button.hasAttribute('data-expand')) setAll(button.getAttribute('data-expand') === 'open');
  });
  window.addEventListener('hashchange', reveal);
  window.addEventListener('beforeprint', function () { setAll(true); });
  reveal();
})();
`;
