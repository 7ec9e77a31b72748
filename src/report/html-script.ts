/**
 * The report's only script: filtering and sorting the findings table, and opening a diagram's
 * section when a link points at it. It reads text with textContent and writes with textContent
 * and attributes only, so report data is never parsed as markup in the browser. Plain ES2020
 * without template literals, as it sits inside one here.
 */
export const HTML_SCRIPT = `
(function () {
  'use strict';
  var table = document.getElementById('findings-table');
  var form = document.getElementById('filters');
  if (table && form) {
    var tbody = table.tBodies[0];
    var rows = Array.prototype.slice.call(tbody.rows);
    var haystacks = rows.map(function (row) {
      return Array.prototype.map.call(row.querySelectorAll('.q'), function (el) { return el.textContent; }).join(' ').toLowerCase();
    });
    var status = document.getElementById('findings-status');
    var empty = document.getElementById('findings-empty');
    var field = function (name) { return form.elements.namedItem(name); };

    var apply = function () {
      var text = field('q').value.trim().toLowerCase();
      var minimum = Number(field('severity').value);
      var account = field('account').value;
      var check = field('check').value;
      var state = field('state').value;
      var shown = 0;
      rows.forEach(function (row, i) {
        var match = (text === '' || haystacks[i].indexOf(text) !== -1) &&
          Number(row.dataset.sev) >= minimum &&
          (account === '' || row.dataset.account === account) &&
          (check === '' || row.dataset.check === check) &&
          (state === '' || row.dataset.state === state);
        row.hidden = !match;
        if (match) shown += 1;
      });
      var message = 'Showing ' + shown + ' of ' + rows.length + ' findings';
      if (status.textContent !== message) status.textContent = message;
      empty.hidden = shown > 0 || rows.length === 0;
    };
    form.addEventListener('input', apply);
    form.addEventListener('change', apply);
    form.addEventListener('submit', function (event) { event.preventDefault(); apply(); });
    // reset fires before the controls are cleared.
    form.addEventListener('reset', function () { setTimeout(apply, 0); });

    var keyOf = function (cell) {
      return cell.dataset.key !== undefined ? cell.dataset.key : cell.textContent.trim();
    };
    var collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
    table.tHead.addEventListener('click', function (event) {
      var button = event.target.closest('button[data-col]');
      if (!button) return;
      var header = button.closest('th');
      var column = Number(button.dataset.col);
      var direction = header.getAttribute('aria-sort') === 'ascending' ? 'descending' : 'ascending';
      Array.prototype.forEach.call(table.tHead.querySelectorAll('th[aria-sort]'), function (th) { th.setAttribute('aria-sort', 'none'); });
      header.setAttribute('aria-sort', direction);
      var sign = direction === 'ascending' ? 1 : -1;
      // Ties keep the default order (most severe first), which is the rows' original order.
      rows.map(function (row, i) { return { row: row, i: i, key: keyOf(row.cells[column]) }; })
        .sort(function (a, b) { return sign * collator.compare(a.key, b.key) || a.i - b.i; })
        .forEach(function (entry) { tbody.appendChild(entry.row); });
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll('button[data-details]'), function (button) {
    button.addEventListener('click', function () {
      var open = button.dataset.details === 'open';
      Array.prototype.forEach.call(document.querySelectorAll('#topology details'), function (d) { d.open = open; });
    });
  });

  // A link from a finding to its API's diagram should show the diagram even when it is collapsed.
  var reveal = function () {
    var target = location.hash.length > 1 ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
    var details = target && target.classList.contains('api') ? target.querySelector('details') : null;
    if (details) details.open = true;
  };
  window.addEventListener('hashchange', reveal);
  reveal();
})();
`;
