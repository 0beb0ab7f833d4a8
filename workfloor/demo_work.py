"""The demo leerwerkplaats's recurring work: shared by the demo builder and the goals demo (no cycle between them).

Per domain: (name, site indexes, min learners, max learners, certificates, min levels, excluded restrictions,
vehicle features, competencies trained, priority), and the workshop each floor keeps.
"""
WORK = {
    "cleaning": [
        ("Kantoren schoonmaken", [0, 3, 8], 2, 4, {}, {}, [], [], ["cleaning.floor_care", "cleaning.dusting", "attitude.teamwork"], 3),
        ("Sanitair reinigen", [1, 2, 7], 1, 3, {}, {"cleaning.sanitary": 1}, ["no_chemicals"], [], ["cleaning.sanitary", "cleaning.dosing"], 4),
        ("Vloeren machinaal reinigen", [1, 2, 7], 2, 3, {"scrubber_dryer": 1}, {}, ["no_machines"], [], ["cleaning.machines", "cleaning.floor_care"], 3),
        ("Ramen wassen", [4, 5, 6], 2, 3, {}, {}, [], [], ["cleaning.windows", "attitude.safety"], 2),
        ("Kinderopvang onderhoud", [5], 2, 3, {}, {}, ["no_chemicals"], [], ["cleaning.dusting", "attitude.accuracy"], 4),
    ],
    "green": [
        ("Hagen scheren", [0, 2, 7], 2, 5, {"hedge_trimmer": 1}, {}, ["no_heavy_lifting"], ["trailer"], ["green.hedge_trimming", "attitude.safety"], 4),
        ("Gras maaien", [4, 1, 6], 2, 4, {"ride_on_mower": 1}, {}, ["no_machines"], ["trailer"], ["green.mowing"], 3),
        ("Boorden afwerken met bosmaaier", [5, 3], 2, 4, {"brush_cutter": 2}, {}, ["no_machines", "no_heavy_lifting"], [], ["green.brush_cutter", "attitude.safety"], 3),
        ("Onkruid wieden", [2, 3, 6], 2, 6, {}, {}, [], [], ["green.weeding", "attitude.teamwork", "attitude.punctuality"], 2),
        ("Bladeren ruimen", [0, 1, 8], 3, 6, {}, {}, [], ["trailer"], ["green.leaf_clearing", "attitude.teamwork"], 2),
        ("Plantvakken aanplanten", [0, 7], 2, 4, {}, {"green.planting": 1}, [], [], ["green.planting", "attitude.independence"], 3),
        ("Snoeien", [7, 2], 2, 3, {}, {"green.pruning": 2}, [], [], ["green.pruning"], 3),
    ],
}
# The workshop at the base: where a newcomer learns the basics (products, colours, the trolley; tools and
# plants in the greenhouse) and the attitudes every job asks.
WORKSHOP = {"cleaning": ("Atelier schoonmaak", ["cleaning.dosing", "cleaning.colour_coding", "cleaning.trolley",
                                                "attitude.accepting_feedback", "attitude.follows_instructions"]),
            "green": ("Serre en kweek", ["green.planting", "green.equipment_care", "attitude.accepting_feedback",
                                         "attitude.follows_instructions"])}
