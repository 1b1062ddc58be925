/* The park map (/parks/map/): ECharts (vendored by the rankings app) draws the base map from
   the site's own GeoJSON, provinces and cities as circles sized by their park counts (or, for
   desk users, lead counts per province). A click opens the directory (or desk) filtered to it.
   No inline script: the counts come from a json_script block, the words from #map-words. */
(function () {
  "use strict";
  var box = document.getElementById("park-map");
  if (!box || !window.echarts) { return; }
  var counts = JSON.parse(document.getElementById("map-counts").textContent);
  var words = JSON.parse(document.getElementById("map-words").textContent);
  var english = (box.getAttribute("data-lang") || "").indexOf("en") === 0;
  var levelSelect = document.getElementById("map-level");
  var layerSelect = document.getElementById("map-layer");
  var levelLabels = {};
  counts.levels.forEach(function (l) { levelLabels[l.value] = l.label; });
  var chart = echarts.init(box);
  window.ppMap = chart;

  function label(p) { return english ? (p.name_en || p.name) : p.name; }

  function parkValue(entry, level) {
    if (!entry) { return 0; }
    return level ? (entry.levels && entry.levels[level]) || 0 : entry.total;
  }

  function size(n, max, big) {
    if (!n) { return 0; }
    var narrow = box.clientWidth < 640;
    var top = big ? (narrow ? 28 : 46) : (narrow ? 14 : 22), low = big ? (narrow ? 8 : 10) : 5;
    return low + (top - low) * Math.sqrt(n / Math.max(max, 1));
  }

  function points(features, layer, level) {
    var provinces = [], cities = [];
    features.forEach(function (f) {
      var p = f.properties, c = f.geometry.coordinates;
      if (p.kind === "province") {
        var entry = layer === "leads" ? (counts.leads.provinces[p.code]) : counts.parks.provinces[p.code];
        var n = layer === "leads" ? (entry ? entry.total : 0) : parkValue(entry, level);
        if (n) { provinces.push({name: label(p), code: p.code, value: [c[0], c[1], n], url: entry.url, entry: entry}); }
      } else if (p.kind === "city" && layer !== "leads") {
        var e = counts.parks.cities[p.code], m = parkValue(e, level);
        if (m) { cities.push({name: label(p), code: p.code, value: [c[0], c[1], m], url: e.url, entry: e}); }
      }
    });
    // Biggest first, so a small circle (上海) is drawn over its big neighbour (江苏), not under it.
    function bigFirst(a, b) { return b.value[2] - a.value[2]; }
    return {provinces: provinces.sort(bigFirst), cities: cities.sort(bigFirst)};
  }

  function tooltip(params) {
    var d = params.data;
    if (!d || !d.entry) { return ""; }
    var lines = [echarts.format.encodeHTML(d.name)];
    var layer = layerSelect ? layerSelect.value : "parks";
    if (layer === "leads") {
      lines.push(words.leads + ": " + d.entry.total);
    } else {
      lines.push(words.parks + ": " + d.entry.total);
      if (d.entry.levels) {
        Object.keys(d.entry.levels).forEach(function (k) {
          lines.push(echarts.format.encodeHTML(levelLabels[k] || k) + ": " + d.entry.levels[k]);
        });
      }
    }
    return lines.join("<br>");
  }

  function draw(features) {
    var layer = layerSelect ? layerSelect.value : "parks";
    var level = levelSelect ? levelSelect.value : "";
    if (levelSelect) { levelSelect.disabled = layer === "leads"; }
    var pts = points(features, layer, level);
    var max = 1;
    pts.provinces.forEach(function (d) { max = Math.max(max, d.value[2]); });
    var cmax = 1;
    pts.cities.forEach(function (d) { cmax = Math.max(cmax, d.value[2]); });
    var colour = layer === "leads" ? "#b93a08" : "#0b5cad";
    chart.setOption({
      aria: {enabled: true},
      tooltip: {trigger: "item", formatter: tooltip, confine: true},
      geo: {map: "pp-china", roam: true, scaleLimit: {min: 1, max: 8}, silent: true,
            layoutCenter: ["50%", "50%"], layoutSize: "100%",
            itemStyle: {areaColor: "#eef3f8", borderColor: "#8fa3b8", borderWidth: 0.8}},
      series: [
        {type: "scatter", name: "provinces", coordinateSystem: "geo", data: pts.provinces, zlevel: 2,
         symbolSize: function (v) { return size(v[2], max, true); },
         itemStyle: {color: colour, opacity: 0.78, borderColor: "#fff", borderWidth: 1},
         label: {show: true, formatter: function (p) { return p.value[2]; }, color: "#fff", fontSize: 11},
         // neighbours' numbers would print over each other; the tooltip and zoom still show them
         labelLayout: {hideOverlap: true},
         emphasis: {label: {show: true, formatter: function (p) { return p.name + " " + p.value[2]; }, color: "#1d2733", position: "top"}}},
        {type: "scatter", name: "cities", coordinateSystem: "geo", data: pts.cities, zlevel: 1,
         symbolSize: function (v) { return size(v[2], cmax, false); },
         itemStyle: {color: "#f0a020", opacity: 0.85, borderColor: "#fff", borderWidth: 0.5}}
      ]
    }, {replaceMerge: ["series"]});
  }

  chart.on("click", function (params) {
    if (params.data && params.data.url) { window.location.href = params.data.url; }
  });

  fetch(box.getAttribute("data-geojson"), {credentials: "same-origin"})
    .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
    .then(function (geo) {
      var areas = geo.features.filter(function (f) { return f.properties.kind === "area"; });
      var others = geo.features.filter(function (f) { return f.properties.kind !== "area"; });
      echarts.registerMap("pp-china", {type: "FeatureCollection", features: areas});
      draw(others);
      box.setAttribute("data-ready", "1");
      [levelSelect, layerSelect].forEach(function (s) { if (s) { s.addEventListener("change", function () { draw(others); }); } });
      window.addEventListener("resize", function () { chart.resize(); });
    })
    .catch(function () {
      box.classList.add("pp-map-failed");
      box.textContent = words.failed;
    });
})();
