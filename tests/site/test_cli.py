"""The CLI turns expected failures into one clear line."""

import socket

from parkpulse.site.cli import main


def test_serve_reports_port_in_use(capsys):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        code = main(["serve", "--port", str(port)])
    err = capsys.readouterr().err
    assert code == 1
    assert f"端口 {port} 已被占用" in err
    assert "Traceback" not in err


def test_help_lists_subcommands(capsys):
    parser_help = __import__("parkpulse.site.cli", fromlist=["build_parser"]).build_parser().format_help()
    assert "serve" in parser_help and "demo" in parser_help
