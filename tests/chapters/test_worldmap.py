"""The map's arithmetic: positions and circle sizes."""

from types import SimpleNamespace

from chapters.worldmap import MAX_RADIUS, MIN_RADIUS, project, radius, world_map


def test_projection_is_equirectangular():
    assert project(-180, 90) == (0, 0)
    assert project(0, 0) == (180, 90)
    assert project(-122.08, 37.39) == (57.92, 52.61)


def test_radius_grows_with_members_and_is_bounded():
    assert radius(0, 0) == MIN_RADIUS
    assert radius(0, 10) == MIN_RADIUS
    assert radius(10, 10) == MAX_RADIUS
    assert MIN_RADIUS < radius(3, 10) < radius(6, 10) < MAX_RADIUS


def test_world_map_leaves_out_chapters_without_position():
    chapters = [
        SimpleNamespace(name="A", slug="a", latitude=10, longitude=20, member_count=1,
                        has_position=True),
        SimpleNamespace(name="B", slug="b", latitude=None, longitude=None, member_count=5,
                        has_position=False),
    ]  # fmt: skip
    drawn = world_map(chapters)
    assert [m.slug for m in drawn["markers"]] == ["a"]
    assert drawn["land"].startswith("M") and drawn["land"].endswith("Z")
