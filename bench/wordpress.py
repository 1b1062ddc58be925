"""WordPress beside ParkPulse: Debian's ``wordpress`` package (6.1) on php-fpm, nginx, MariaDB.

Used by ``bench/portal.py --wordpress``; the pieces:

* ``ensure_installed()`` — ``apt-get install wordpress php-fpm php-mysql nginx wrk`` when
  missing (Debian; needs root).
* ``WordPress(workdir, port)`` — writes ``/etc/wordpress/config-ppbench.php`` (Debian's way of
  configuring its package; selected by the ``WORDPRESS_CONFIG`` FastCGI parameter, so no other
  site on the machine is touched), creates the MariaDB database (``wp_perf``, root without
  password on 127.0.0.1), runs WordPress's own installer (``wp_install``) through php-cli,
  loads the articles straight into its tables (posts, categories, tags, relationships and
  term counts, as ``wp_insert_post`` would leave them), and runs php-fpm (static pool) and
  nginx in the foreground with configs under ``workdir``. No page-cache plugin: every
  request runs WordPress and its default theme (Twenty Twenty-Three), as a site without one.
* Pages are the single-post pages, ``/?p=ID`` (plain permalinks, WordPress's default).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

CONFIG_NAME = "ppbench"
CONFIG_FILE = Path(f"/etc/wordpress/config-{CONFIG_NAME}.php")
PHP_FPM = "php-fpm8.2"
PACKAGES = ["wordpress", "php-fpm", "php-mysql", "nginx", "wrk"]


def ensure_installed() -> None:
    if shutil.which(PHP_FPM) and Path("/usr/share/wordpress/wp-settings.php").exists() \
            and shutil.which("nginx") and shutil.which("wrk"):
        return
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-q"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-q", *PACKAGES], check=True, env=env)


def sql_str(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n").replace("\r", "\\r").replace("\x00", "") + "'"


class WordPress:
    def __init__(self, workdir: Path, port: int = 8440, database: str = "wp_perf",
                 children: int = 8, mysql_host: str = "127.0.0.1"):
        self.work = Path(workdir).resolve()
        self.port = port
        self.fpm_port = port + 1
        self.db = database
        self.children = children
        self.mysql_host = mysql_host
        self.procs: list[subprocess.Popen] = []

    # -- database ------------------------------------------------------------------------
    def mysql(self, sql: str, database: str | None = None) -> str:
        cmd = ["mariadb", "-uroot", f"-h{self.mysql_host}", "--batch", "--skip-column-names"]
        if database:
            cmd.append(database)
        return subprocess.run(cmd, input=sql, capture_output=True, text=True, check=True).stdout

    def install(self, articles: list[dict], categories: list[str], tags: list[str]) -> float:
        """A fresh WordPress with these articles; returns the seconds it took."""
        t0 = time.perf_counter()
        self.work.mkdir(parents=True, exist_ok=True)
        CONFIG_FILE.write_text(f"""<?php
// ParkPulse benchmark (bench/wordpress.py): WordPress on MariaDB database {self.db}.
define('DB_NAME', '{self.db}');
define('DB_USER', 'root');
define('DB_PASSWORD', '');
define('DB_HOST', '{self.mysql_host}');
define('WP_HOME', 'http://127.0.0.1:{self.port}');
define('WP_SITEURL', 'http://127.0.0.1:{self.port}');
define('DISABLE_WP_CRON', true);
define('AUTOMATIC_UPDATER_DISABLED', true);
define('WP_DEBUG', false);
define('WP_CONTENT_DIR', '{self.work}/wp-content');
define('WP_CONTENT_URL', 'http://127.0.0.1:{self.port}/wp-content');
""")
        # Its own content folder: the Debian theme, and one must-use plugin that turns off the
        # canonical redirect (on a loopback host:port home it answers ?p=ID with a 301 to itself).
        content = self.work / "wp-content"
        (content / "mu-plugins").mkdir(parents=True, exist_ok=True)
        themes = content / "themes"
        if not themes.exists():
            themes.symlink_to("/usr/share/wordpress/wp-content/themes")
        (content / "mu-plugins" / "ppbench.php").write_text(
            "<?php remove_action('template_redirect', 'redirect_canonical');\n")
        self.mysql(f"DROP DATABASE IF EXISTS {self.db}; CREATE DATABASE {self.db} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;")
        installer = self.work / "install.php"
        installer.write_text(f"""<?php
define('WP_INSTALLING', true);
$_SERVER['HTTP_HOST'] = '127.0.0.1:{self.port}';
$_SERVER['WORDPRESS_CONFIG'] = '{CONFIG_NAME}';
$_SERVER['REQUEST_URI'] = '/';
require '/usr/share/wordpress/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
$r = wp_install('ParkPulse bench (WordPress)', 'admin', 'admin@example.com', true, '', wp_generate_password(20));
update_option('permalink_structure', '');
echo "installed\\n";
""")
        out = subprocess.run(["php", str(installer)], capture_output=True, text=True)
        if "installed" not in out.stdout:
            raise SystemExit("WordPress install failed:\n" + out.stdout[-1500:] + out.stderr[-1500:])
        self._load(articles, categories, tags)
        return time.perf_counter() - t0

    def _load(self, articles, categories, tags) -> None:
        """Posts, terms and relationships as wp_insert_post leaves them, in bulk SQL."""
        lines = ["SET autocommit=0;", "DELETE FROM wp_posts; DELETE FROM wp_postmeta; DELETE FROM wp_comments;"]
        term_ids: dict[tuple[str, str], int] = {}
        tid = 100
        terms, taxes = [], []
        for kind, names in (("category", categories), ("post_tag", tags)):
            for name in names:
                tid += 1
                term_ids[(kind, name)] = tid
                slug = f"{'c' if kind == 'category' else 't'}{tid}"
                terms.append(f"({tid},{sql_str(name)},'{slug}',0)")
                taxes.append(f"({tid},{tid},'{kind}','',0,0)")
        lines.append("INSERT INTO wp_terms (term_id,name,slug,term_group) VALUES " + ",".join(terms) + ";")
        lines.append("INSERT INTO wp_term_taxonomy (term_taxonomy_id,term_id,taxonomy,description,parent,count) VALUES "
                     + ",".join(taxes) + ";")
        rels = []
        for start in range(0, len(articles), 500):
            rows = []
            for a in articles[start:start + 500]:
                d = a["date"].strftime("%Y-%m-%d %H:%M:%S")
                rows.append(
                    f"({a['id']},1,'{d}','{d}',{sql_str(a['body'])},{sql_str(a['title'])},'','publish','closed','closed',"
                    f"'','post-{a['id']}','','','{d}','{d}','',0,'http://127.0.0.1:{self.port}/?p={a['id']}',0,'post','',0)"
                )
                rels.append(f"({a['id']},{term_ids[('category', a['category'])]},0)")
                rels.extend(f"({a['id']},{term_ids[('post_tag', t)]},0)" for t in a["tags"])
            lines.append(
                "INSERT INTO wp_posts (ID,post_author,post_date,post_date_gmt,post_content,post_title,post_excerpt,"
                "post_status,comment_status,ping_status,post_password,post_name,to_ping,pinged,post_modified,"
                "post_modified_gmt,post_content_filtered,post_parent,guid,menu_order,post_type,post_mime_type,"
                "comment_count) VALUES " + ",".join(rows) + ";")
        for start in range(0, len(rels), 5000):
            lines.append("INSERT INTO wp_term_relationships (object_id,term_taxonomy_id,term_order) VALUES "
                         + ",".join(rels[start:start + 5000]) + ";")
        lines.append("UPDATE wp_term_taxonomy tt SET count = (SELECT COUNT(*) FROM wp_term_relationships r "
                     "WHERE r.term_taxonomy_id = tt.term_taxonomy_id);")
        lines.append("COMMIT; ANALYZE TABLE wp_posts, wp_term_relationships, wp_term_taxonomy, wp_terms;")
        sql = self.work / "load.sql"
        sql.write_text("\n".join(lines), encoding="utf-8")
        with sql.open() as fh:
            subprocess.run(["mariadb", "-uroot", f"-h{self.mysql_host}", "--default-character-set=utf8mb4", self.db],
                           stdin=fh, check=True)

    # -- servers ---------------------------------------------------------------------------
    def start(self) -> None:
        fpm_conf = self.work / "php-fpm.conf"
        fpm_conf.write_text(f"""[global]
pid = {self.work}/php-fpm.pid
error_log = {self.work}/php-fpm.log
daemonize = no
[ppbench]
user = www-data
group = www-data
listen = 127.0.0.1:{self.fpm_port}
pm = static
pm.max_children = {self.children}
""")
        nginx_conf = self.work / "nginx.conf"
        nginx_conf.write_text(f"""daemon off;
worker_processes 1;
pid {self.work}/nginx.pid;
error_log {self.work}/nginx-error.log;
events {{ worker_connections 1024; }}
http {{
  include /etc/nginx/mime.types;
  access_log off;
  client_body_temp_path {self.work}/tmp-body;
  fastcgi_temp_path {self.work}/tmp-fastcgi;
  proxy_temp_path {self.work}/tmp-proxy;
  uwsgi_temp_path {self.work}/tmp-uwsgi;
  scgi_temp_path {self.work}/tmp-scgi;
  server {{
    listen 127.0.0.1:{self.port};
    root /usr/share/wordpress;
    index index.php;
    location / {{ try_files $uri $uri/ /index.php?$args; }}
    location ~ \\.php$ {{
      include /etc/nginx/fastcgi_params;
      fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;
      fastcgi_param WORDPRESS_CONFIG {CONFIG_NAME};
      fastcgi_pass 127.0.0.1:{self.fpm_port};
    }}
  }}
}}
""")
        self.procs.append(subprocess.Popen([PHP_FPM, "-y", str(fpm_conf), "-F", "-R"],
                                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        self.procs.append(subprocess.Popen(["nginx", "-c", str(nginx_conf), "-p", str(self.work)],
                                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/?p=1", timeout=5) as r:
                    r.read()
                return
            except urllib.error.HTTPError as exc:  # 404 for a missing post still means it runs
                if exc.code == 404:
                    return
                time.sleep(0.3)
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise SystemExit(f"WordPress did not answer on port {self.port}; see {self.work}/*.log")

    def pids(self) -> list[int]:
        return [p.pid for p in self.procs]

    def stop(self) -> None:
        for p in self.procs:
            p.terminate()
        for p in self.procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
        self.procs = []
