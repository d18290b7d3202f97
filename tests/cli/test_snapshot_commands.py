import json

from perfdesk.cli.main import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_snapshot_list_restore_round_trip(capsys, tmp_path):
    path = str(tmp_path / "sz.perfdesk")
    assert run(capsys, "demo", "shenzhen-guangming-2024", "-o", path)[0] == 0
    code, _, err = run(capsys, "snapshot", path, "--name", "报送版 2024-03-01")
    assert code == 0 and "报送版 2024-03-01" in err
    code, _, _ = run(capsys, "snapshot", path)
    assert code == 0
    code, out, _ = run(capsys, "snapshots", path, "--json")
    snaps = json.loads(out)
    assert [s["name"] for s in snaps][0] == "报送版 2024-03-01" and len(snaps) == 2
    assert all(set(s) == {"id", "name", "created", "auto"} for s in snaps)

    code, _, err = run(capsys, "restore", path, "报送版 2024-03-01")
    assert code == 0 and "自动快照" in err
    code, out, _ = run(capsys, "snapshots", path, "--json")
    assert json.loads(out)[-1]["auto"] is True

    code, _, err = run(capsys, "restore", path, "不存在的快照")
    assert code == 1 and "没有名为" in err


def test_check_file_reports_and_exits_non_zero_when_damaged(capsys, tmp_path):
    path = tmp_path / "rg.perfdesk"
    assert run(capsys, "demo", "rugao-2023", "-o", str(path))[0] == 0
    code, out, _ = run(capsys, "check-file", str(path), "--json")
    report = json.loads(out)
    assert code == 0 and report["ok"] and report["schema_version"] >= 2 and report["forms"] == 1
    code, out, _ = run(capsys, "check-file", str(path))
    assert code == 0 and "完好" in out

    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    code, out, err = run(capsys, "check-file", str(path))
    assert code == 1 and "问题" in out and "有问题" in err
    code, out, _ = run(capsys, "check-file", str(path), "--json")
    assert code == 1 and json.loads(out)["ok"] is False
