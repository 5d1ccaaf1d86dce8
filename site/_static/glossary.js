// Glossary page: a box that keeps the rows containing what is typed (English or Chinese).
document.addEventListener("DOMContentLoaded", () => {
  const box = document.getElementById("glossary-filter");
  const table = document.querySelector("table.crmlab-glossary");
  if (!box || !table) return;
  const rows = [...table.tBodies[0].rows];
  const count = document.getElementById("glossary-count");
  const apply = () => {
    const query = box.value.trim().toLowerCase();
    let shown = 0;
    for (const row of rows) {
      const match = !query || row.textContent.toLowerCase().includes(query);
      row.hidden = !match;
      shown += match;
    }
    if (count) count.textContent = `${shown} of ${rows.length} terms`;
  };
  box.addEventListener("input", apply);
  const initial = new URLSearchParams(window.location.search).get("q");
  if (initial) box.value = initial;
  apply();
});
